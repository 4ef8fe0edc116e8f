import { DataTypes, type ModelAttributeColumnOptions } from 'sequelize';

/** Column shapes shared by migrations and models, so the two never drift. */
export const col = {
  id: (): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }),
  fk: (allowNull = false): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, allowNull }),
  str: (length: number, allowNull = false): ModelAttributeColumnOptions => ({ type: DataTypes.STRING(length), allowNull }),
  text: (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull }),
  int: (allowNull = false, defaultValue?: number): ModelAttributeColumnOptions => ({
    type: DataTypes.INTEGER,
    allowNull,
    ...(defaultValue === undefined ? {} : { defaultValue }),
  }),
  decimal: (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.DECIMAL(10, 2), allowNull }),
  bool: (defaultValue: boolean): ModelAttributeColumnOptions => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue }),
  date: (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE(3), allowNull }),
  timestamps: (): Record<'created_at' | 'updated_at', ModelAttributeColumnOptions> => ({
    created_at: { type: DataTypes.DATE(3), allowNull: false },
    updated_at: { type: DataTypes.DATE(3), allowNull: false },
  }),
};

/** Model options every table shares: snake_case columns, created_at / updated_at. */
export const modelOptions = (tableName: string) => ({
  tableName,
  underscored: true,
  timestamps: true,
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** Same as modelOptions for append-only tables without updated_at. */
export const appendOnlyOptions = (tableName: string) => ({
  tableName,
  underscored: true,
  timestamps: true,
  createdAt: 'created_at',
  updatedAt: false as const,
});
