/**
 * npm run migrate-to-postgres -- --from <data folder or wegweiser.sqlite> --to postgres://…
 * Copies a SQLite directory into a new, empty PostgreSQL database in one
 * transaction (see server/db/sqlite-to-postgres.ts). Stop the app first. Then
 * start it with DATABASE_URL set and the same DATA_DIR (its session secret and
 * keys stay there); it rebuilds the search index from PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { migrateSqliteToPostgres, redactedUrl } from '../server/db/sqlite-to-postgres.ts';

const USAGE = 'Usage: npm run migrate-to-postgres -- --from <data folder or wegweiser.sqlite> --to postgres://user:password@host:5432/database';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to || !/^postgres(ql)?:\/\//.test(values.to)) throw new Error(USAGE);
  console.log(`Migrating ${values.from} to ${redactedUrl(values.to)}`);
  const started = Date.now();
  let current = '';
  const copied = await migrateSqliteToPostgres({
    from: values.from,
    to: values.to,
    onProgress: ({ table, copied: done, total }) => {
      if (table !== current || done === total) console.log(`  ${table}: ${done} of ${total} rows`);
      current = table;
    },
  });
  const rows = copied.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Done: ${copied.length} tables, ${rows} rows, row counts checked, in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log('Start the app with DATABASE_URL set to this database and the same DATA_DIR; it rebuilds the search index.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
