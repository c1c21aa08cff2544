import type { Knex } from 'knex';

/**
 * The state of each spreadsheet import, written by the app instance running it
 * (at most twice a second) and read by any instance, so the progress page works
 * behind a load balancer. Times are milliseconds since the epoch; finished jobs
 * are deleted after an hour.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_jobs', (table) => {
    table.string('id', 32).primary();
    table.string('state', 10).notNullable();
    table.string('phase', 10).notNullable();
    table.integer('done').notNullable();
    table.integer('total').notNullable();
    table.text('result');
    table.string('error_key', 100);
    table.bigInteger('updated_at').notNullable().index();
    table.bigInteger('finished_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_jobs');
}
