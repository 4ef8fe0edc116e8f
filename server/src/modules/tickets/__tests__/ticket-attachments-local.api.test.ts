import path from 'node:path';
import { describeEachDb } from '../../../testing/index.js';
import { filesBelow } from './ticket-attachment.test-data.js';
import { attachmentSuite, SUITE_LIMITS } from './ticket-attachments.suite.js';

/** Ticket attachments on the default driver: local disk under the data folder. */
describeEachDb(
  'ticket attachments (local disk storage)',
  (ctx) => {
    attachmentSuite(ctx, async (server, prefix) => {
      const storage = server.services.config.storage;
      if (storage.driver !== 'local') throw new Error('expected the local driver');
      return filesBelow(path.join(storage.dir, 'objects', prefix)).map((f) => prefix + f.split(path.sep).join('/'));
    });
  },
  SUITE_LIMITS,
);
