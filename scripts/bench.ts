/** npm run bench: prints measured figures; asserts nothing. */
import { benchTransport } from './bench/bench-transport.ts';

await benchTransport();
