import type { MigrationFn } from '../../migrator.js';
import { col } from '../../columns.js';

/** Heating customers (热用户), their phone numbers and the houses (房屋) under building units. */
export const up: MigrationFn = async ({ qi }) => {
  await qi.createTable('customers', {
    id: col.id(),
    name: col.str(64),
    customer_no: col.str(32),
    id_card_last4: col.str(4, true),
    remark: col.str(500, true),
    blacklisted: col.bool(false),
    blacklist_reason: col.str(500, true),
    ...col.timestamps(),
  });
  await qi.addIndex('customers', ['customer_no'], { unique: true, name: 'customers_customer_no_uq' });
  await qi.addIndex('customers', ['name'], { name: 'customers_name_ix' });
  await qi.addIndex('customers', ['blacklisted'], { name: 'customers_blacklisted_ix' });

  await qi.createTable('customer_phones', {
    id: col.id(),
    customer_id: col.fk(),
    raw: col.str(64),
    normalized: col.str(20),
    kind: col.str(16),
    is_primary: col.bool(false),
    label: col.str(32, true),
    ...col.timestamps(),
  });
  // The screen-pop path: normalized → customer ids, answered from the index alone.
  await qi.addIndex('customer_phones', ['normalized', 'customer_id'], { name: 'customer_phones_normalized_ix' });
  await qi.addIndex('customer_phones', ['customer_id', 'normalized'], { unique: true, name: 'customer_phones_customer_uq' });

  await qi.createTable('houses', {
    id: col.id(),
    unit_id: col.fk(),
    room_no: col.str(32),
    address: col.str(300),
    area_m2: col.decimal(),
    heating_status: col.str(32),
    billing_no: col.str(32),
    customer_id: col.fk(true),
    ...col.timestamps(),
  });
  await qi.addIndex('houses', ['unit_id', 'room_no'], { unique: true, name: 'houses_unit_room_uq' });
  await qi.addIndex('houses', ['billing_no'], { unique: true, name: 'houses_billing_no_uq' });
  await qi.addIndex('houses', ['customer_id'], { name: 'houses_customer_ix' });
  await qi.addIndex('houses', ['heating_status'], { name: 'houses_heating_status_ix' });
  await qi.addIndex('houses', ['address'], { name: 'houses_address_ix' });
};
