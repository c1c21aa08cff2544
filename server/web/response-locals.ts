import type { User } from '../accounts/account-repository.ts';
import type { Region } from '../region/region-config.ts';
import type { Translate } from './view-context.ts';

/**
 * What the middleware puts into `res.locals` for every page, declared once so
 * handlers read it typed instead of casting.
 */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      t: Translate;
      lang: string;
      dir: 'ltr' | 'rtl';
      region: Region;
      currentPath: string;
      tiles: { url: string; attribution: string };
      /** The invented demo directory is served (DEMO_DATA). */
      demo: boolean;
      languageQuery: string;
      locales: Array<{ code: string; name: string; current: boolean }>;
      /** The signed-in user, if any. */
      user?: User;
      csrfToken?: string;
      /** The visitor's shortlist (offer ids from its cookie), read for every page. */
      shortlistIds: number[];
      shortlistCount: number;
    }
  }
}

export {};
