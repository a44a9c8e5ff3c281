// A real OpenID Connect provider (the certified npm package oidc-provider) for Clwstwr's sign-in tests:
// tests/oidc_provider.py starts it as `node provider.js PORT` and stops it at the end of the session.
//
// Its login page (oidc-provider's own development pages) takes any account name below and any password.
// Two accounts are faulty on purpose, so that the tests can see Clwstwr refuse what a broken or hostile
// provider would send: "expired" gets ID tokens that expired an hour ago, "other-audience" gets ID tokens
// issued to another client. GET /test/email?account=…&email=… changes an account's e-mail address,
// as a school's IT might at Hwb.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;

// the demo cluster's people (app/auth/demo.py) and a few others
const accounts = {
  ffion: { email: 'staff.all-saints@darland.example', email_verified: true, name: 'Ffion Evans' },
  tom: { email: 'staff.the-rofft@darland.example', email_verified: true, name: 'Tom Parry' },
  admin: { email: 'admin@darland.example', email_verified: true, name: 'Bethan Wyn' },
  unverified: { email: 'staff.park@darland.example', email_verified: false, name: 'Lowri Thomas' },
  stranger: { email: 'someone@elsewhere.example', email_verified: true, name: 'Someone Else' },
  expired: { email: 'staff.holt@darland.example', email_verified: true, name: 'Dafydd Lloyd' },
  'other-audience': { email: 'staff.st-peters@darland.example', email_verified: true, name: 'Emma Price' },
};

const redirectUris = ['hwb', 'google'].map((name) => `http://127.0.0.1/sign-in/oidc/${name}/callback`);
const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: ['http://127.0.0.1/'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
});

const provider = new Provider(issuer, {
  clients: [client('clwstwr'), client('other-app')],
  pkce: { required: () => true },
  // like Google and Microsoft, put the e-mail claims of the scopes asked for in the ID token itself
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile'],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['clwstwr-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    if (!accounts[id]) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
  // A school's staff trust their own school's sign-in: no consent page after the login page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

// On the loopback address any port matches (as RFC 8252 has it for apps on a device), so the live test
// server's port is free to vary.
const withoutPort = (uri) => uri.replace(/^http:\/\/127\.0\.0\.1:\d+\//, 'http://127.0.0.1/');
provider.Client.prototype.redirectUriAllowed = function loopback(uri) {
  return this.redirectUris.includes(withoutPort(uri));
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function loopback(uri) {
  return this.postLogoutRedirectUris.includes(withoutPort(uri));
};

const { issue } = provider.IdToken.prototype;
provider.IdToken.prototype.issue = async function issueWithFaults(options = {}) {
  if (options.use === 'idtoken' && this.available.sub === 'expired') {
    return issue.call(this, { ...options, expiresAt: Math.floor(Date.now() / 1000) - 3600 });
  }
  if (options.use === 'idtoken' && this.available.sub === 'other-audience') {
    this.client = await provider.Client.find('other-app');
  }
  return issue.call(this, options);
};

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/email') {
    accounts[ctx.query.account].email = ctx.query.email;
    ctx.body = 'ok';
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
