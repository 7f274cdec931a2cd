/**
 * What profiles are for: log into a site in one session, destroy it, and be
 * still logged in in the next one. Needs a server with a browser (WebKit or
 * Chromium) and a site to log into; `SITE_URL` should set a cookie on `/` and
 * echo the cookies it receives on `/whoami` in its title.
 *
 *   DRIFTSTACK_API_KEY=dsk_… SITE_URL=http://127.0.0.1:3000 node --import tsx examples/persistent-login.ts
 */
import { Driftstack } from "@driftstack/sdk";

export async function persistentLogin(ds: Driftstack, siteUrl: string): Promise<{ before: string; after: string }> {
  const profile = await ds.profiles.create({ name: `login-demo-${Date.now()}` });
  try {
    const first = await ds.sessions.create({ profile_id: profile.id });
    const before = await ds.sessions.goto(first.id, { url: `${siteUrl}/whoami` });
    await ds.sessions.goto(first.id, { url: siteUrl }); // "logs in": the site sets its cookie
    await ds.sessions.destroy(first.id); // resolves once the cookie is saved to the profile

    const second = await ds.sessions.create({ profile_id: profile.id });
    const after = await ds.sessions.goto(second.id, { url: `${siteUrl}/whoami` });
    await ds.sessions.destroy(second.id);
    return { before: before.title, after: after.title };
  } finally {
    await ds.profiles.delete(profile.id);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const siteUrl = process.env.SITE_URL;
  if (!siteUrl) throw new Error("Set SITE_URL to the site to log into.");
  console.log(await persistentLogin(new Driftstack(), siteUrl));
}
