import type { ModelStatic, Model, Sequelize } from 'sequelize';

/**
 * A model bound to one database. Every subsidiary has its own Sequelize instance, so models are
 * defined per instance, lazily, and memoised: `houseModel(tenant.db).findAll(...)`.
 */
export function modelFor<M extends Model>(define: (seq: Sequelize) => ModelStatic<M>) {
  const cache = new WeakMap<Sequelize, ModelStatic<M>>();
  return (seq: Sequelize): ModelStatic<M> => {
    let m = cache.get(seq);
    if (!m) {
      m = define(seq);
      cache.set(seq, m);
    }
    return m;
  };
}
