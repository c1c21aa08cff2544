import type { Express } from 'express';
import Handlebars, { type HelperOptions, type TemplateDelegate } from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatList, numberFormat } from '../i18n/i18n.ts';
import { withLanguage } from './page-links.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Small whole numbers (facet counts: a page shows about a hundred) formatted once per locale. */
const smallNumbers = new Map<string, string[]>();
const SMALL_NUMBER_LIMIT = 1000;

function formatCount(value: number, lang: string): string {
  if (!Number.isInteger(value) || value < 0 || value >= SMALL_NUMBER_LIMIT) return numberFormat(lang).format(value);
  let formatted = smallNumbers.get(lang);
  if (!formatted) smallNumbers.set(lang, (formatted = []));
  return (formatted[value] ??= numberFormat(lang).format(value));
}

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
    return typeof value === 'number' ? formatCount(value, lang) : String(value ?? '');
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

type RenderCallback = (error: Error | null, html?: string) => void;

/** Every `.hbs` file below a folder, by its path without the extension ("admin/nav"). */
function templateFiles(folder: string, prefix = ''): Array<{ name: string; file: string }> {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return templateFiles(file, `${prefix}${entry.name}/`);
    return entry.name.endsWith('.hbs') ? [{ name: `${prefix}${entry.name.slice(0, -4)}`, file }] : [];
  });
}

/**
 * A Handlebars environment of the app's own: helpers and partials are
 * registered once, so a render passes none of them. (express-handlebars merged
 * its helpers and partials into every template and partial call: a measured
 * sixth of a search page's CPU time.) Templates compile on first use and stay.
 */
function createViewRenderer(viewsDir: string) {
  const handlebars = Handlebars.create();
  handlebars.registerHelper(helpers);
  // An indented partial would otherwise indent every line it outputs, also inside a <textarea>,
  // so each save of a form would add spaces to the typed text.
  // Known helpers are called directly by the compiled templates instead of being looked up by name
  // on every use (measured: about 8 % of a search page's CPU time).
  const compileOptions = { preventIndent: true, knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])) };
  for (const { name, file } of templateFiles(path.join(viewsDir, 'partials'))) {
    handlebars.registerPartial(name, handlebars.compile(readFileSync(file, 'utf8'), compileOptions));
  }
  const templates = new Map<string, TemplateDelegate>();
  const templateAt = (file: string): TemplateDelegate => {
    let template = templates.get(file);
    if (!template) templates.set(file, (template = handlebars.compile(readFileSync(file, 'utf8'), compileOptions)));
    return template;
  };
  const layoutsDir = path.join(viewsDir, 'layouts');
  return (file: string, options: object, done: RenderCallback): void => {
    // Express hands a fresh object per render: its locals and the render's own values.
    const context = options as Record<string, unknown>;
    try {
      const body = templateAt(file)(context);
      // `layout: false` renders the view alone (the search results part); otherwise main or the named one.
      const layout = context.layout === undefined ? 'main' : context.layout;
      if (!layout) return done(null, body);
      context.body = body;
      done(null, templateAt(path.join(layoutsDir, `${String(layout)}.hbs`))(context));
    } catch (error) {
      done(error as Error);
    }
  };
}

/** Configures server-rendered Handlebars views with a layout and partials. */
export function setUpViews(app: Express, viewsDir: string): void {
  app.engine('hbs', createViewRenderer(viewsDir));
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
}
