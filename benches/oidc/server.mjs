// The peer for compare.sh's tokens/s row: the npm package oidc-provider serving the
// client-credentials grant with RS256 JWT access tokens on loopback, configured as close to
// `tokex dev-tenant` as it allows (one client, one API, 24 h tokens, a 2048-bit RSA key).
//
//   node server.mjs PORT      prints {"port": PORT} once listening
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const audience = `http://127.0.0.1:${port}/api/v2/`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: 'bench' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: 'bench',
      client_secret: 'bench-secret-bench-secret-bench-secret',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingKey] },
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'read:users read:clients',
        accessTokenFormat: 'jwt',
        accessTokenTTL: 86400,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
