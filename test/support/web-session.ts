import request from 'supertest';
import type { Express } from 'express';

export type Agent = ReturnType<typeof request.agent>;

/** Fetches a form page with the visitor's cookie jar and returns its CSRF token. Call it before building the post. */
export async function formToken(agent: Agent, path: string): Promise<string> {
  const page = await agent.get(path).expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path}`);
  return token;
}

/** Signs in through the login form; answers the agent (with its session) and the login response. */
export async function signIn(app: Express, email: string, password: string): Promise<{ agent: Agent; response: request.Response }> {
  const agent = request.agent(app);
  const csrf = await formToken(agent, '/account/login');
  const response = await agent.post('/account/login').type('form').send({ _csrf: csrf, email, password });
  return { agent, response };
}

/** The hidden fields of a review page's decision forms: the token, the version shown and the text shown. */
export async function decisionFields(agent: Agent, reviewPath: string): Promise<Record<'_csrf' | 'version' | 'shown', string>> {
  const page = (await agent.get(reviewPath).expect(200)).text;
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
  return { _csrf: field('_csrf'), version: field('version'), shown: field('shown') };
}
