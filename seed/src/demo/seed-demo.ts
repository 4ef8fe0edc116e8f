import type { Services } from '@warmline/server';

/** Seed the demo data set on first start. */
export async function seedDemo(services: Services): Promise<void> {
  services.logger.info('demo seed: nothing yet');
}
