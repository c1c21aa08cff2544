/**
 * npm run create-admin: makes the first admin (or an editor) account.
 *   npm run create-admin                      (asks for e-mail, name and password)
 *   npm run create-admin -- --email a@b.de --name "Ana Admin" --role editor   (password from WEGWEISER_ADMIN_PASSWORD or asked)
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { openStorage } from '../server/bootstrap.ts';
import { createStaffAccount } from '../server/accounts/account-service.ts';
import { loadConfig, StartupError } from '../server/config/config.ts';
import { AppError, ValidationError } from '../server/errors/app-errors.ts';
import { createI18n } from '../server/i18n/i18n.ts';
import { createSilentLogger } from '../server/logging/logger.ts';

async function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    // Print the question, then swallow the echo of what is typed.
    process.stdout.write(question);
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => {};
  }
  const answer = await rl.question(hidden ? '' : question);
  rl.close();
  if (hidden) process.stdout.write('\n');
  return answer.trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' } } });
  if (values.role !== 'admin' && values.role !== 'editor') throw new StartupError('--role must be admin or editor.');
  const email = values.email ?? (await ask('E-Mail: '));
  const displayName = values.name ?? (await ask('Name: '));
  const password = process.env.WEGWEISER_ADMIN_PASSWORD ?? (await ask('Passwort (mindestens 10 Zeichen): ', true));
  const config = loadConfig({ ...process.env, DEMO_DATA: 'false' });
  const { db } = await openStorage(config, createSilentLogger(), () => new Date());
  try {
    const id = await createStaffAccount({ db, clock: () => new Date() }, { email, password, displayName, role: values.role });
    console.log(`Created ${values.role} account #${id} for ${email}. Sign in at /account/login.`);
  } finally {
    await db.destroy();
  }
}

main().catch(async (error: unknown) => {
  const t = (await createI18n()).getFixedT('de');
  if (error instanceof ValidationError) console.error(`Nicht angelegt: ${Object.entries(error.fields).map(([field, key]) => `${field}: ${t(key)}`).join(' ')}`);
  else if (error instanceof AppError) console.error(`Nicht angelegt: ${t(error.messageKey)}`);
  else if (error instanceof StartupError) console.error(`Nicht angelegt: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
