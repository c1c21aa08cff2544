import type { Express } from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import path from 'node:path';
import { formatList, numberFormat } from '../i18n/i18n.ts';
import { withLanguage } from './page-links.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Handlebars helpers; every user-facing string goes through `t`. */
const helpers = {
  /** {{t "search.results" count=total}}: translates with the request's language. */
  t(key: string, options: HelperOptions): string {
    const translate = (options.data?.root as { t?: Translate } | undefined)?.t;
    return translate ? translate(key, options.hash) : key;
  },
  eq: (a: unknown, b: unknown) => a === b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  concat: (...parts: unknown[]) => parts.slice(0, -1).join(''),
  minus: (a: number, b: number) => a - b,
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
  /** {{number count}}: a number in the page's locale (Persian digits in Farsi, 1.234 in German). */
  number(value: unknown, options: HelperOptions): string {
    const lang = String((options.data?.root as { lang?: string } | undefined)?.lang ?? 'de');
    return typeof value === 'number' ? numberFormat(lang).format(value) : String(value ?? '');
  },
  /** {{#if (includes shortlistIds offerId)}}: whether a list holds a value. */
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  /** {{langUrl "/search"}}: a local link that keeps the page's language without JavaScript. */
  langUrl(path: unknown, options: HelperOptions): string {
    return withLanguage(String(path), String((options.data?.root as { lang?: string } | undefined)?.lang ?? 'de'));
  },
  /** {{list items}}: "a, b and c" in the page's language (Arabic joins with "،"). */
  list(items: unknown, options: HelperOptions): string {
    const lang = String((options.data?.root as { lang?: string } | undefined)?.lang ?? 'de');
    return Array.isArray(items) ? formatList(items.map(String), lang) : '';
  },
  json: (value: unknown) => JSON.stringify(value ?? null).replace(/</g, '\\u003c'),
};

/** Configures server-rendered Handlebars views with a layout and partials. */
export function setUpViews(app: Express, viewsDir: string): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(viewsDir, 'layouts'),
      partialsDir: path.join(viewsDir, 'partials'),
      helpers,
      // An indented partial would otherwise indent every line it outputs, also inside a <textarea>,
      // so each save of a form would add spaces to the typed text.
      compilerOptions: { preventIndent: true },
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
}
