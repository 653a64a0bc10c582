// A developer's usual calls through Auth0's own Node SDK (npm `auth0`: the v7 ManagementClient and
// the v4 one it ships as `auth0/legacy`), unchanged, against tokex's local tenant. Run by
// interop/run.sh, which starts the tenants and passes their JSON lines; prints one line per
// check and `N passed, M failed`. Both clients build https://{domain} URLs, so this runs against
// `tokex dev-tenant --tls` (NODE_EXTRA_CA_CERTS names the tenant's CA).
import { ManagementClient } from "auth0";
import { ManagementClient as LegacyManagementClient } from "auth0/legacy";

const tenant = JSON.parse(process.env.TOKEX_TENANT);
const limited = JSON.parse(process.env.TOKEX_LIMITED_TENANT);
const domain = new URL(tenant.domain).host;
const client = (name, from = tenant) => from.clients.find((c) => c.name === name);
const admin = client("tokex-admin");
const ORDERS = "https://api.tokex.example/";

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}
/** The call must fail with `status`; returns the error. */
async function refused(promise, status) {
  try {
    await promise;
  } catch (error) {
    if (error.statusCode === status) return error;
    throw new Error(`expected ${status}, got ${error.statusCode}: ${error.message}`);
  }
  throw new Error(`expected ${status}, got a success`);
}

const mgmt = new ManagementClient({ domain, clientId: admin.client_id, clientSecret: admin.client_secret });
const stamp = `${Date.now()}-${process.pid}`;
let userId;
let roleId;
let grantId;

await check("v7: token and users.list (include_totals, the SDK's default)", async () => {
  const page = await mgmt.users.list({ per_page: 5 });
  expect(page.data.length === 5, `5 users, got ${page.data.length}`);
});
await check("v7: users.list search (q, search_engine v3)", async () => {
  const page = await mgmt.users.list({ q: 'email:"ada.lovelace@acme.example"', search_engine: "v3" });
  expect(page.data.length === 1 && page.data[0].email === "ada.lovelace@acme.example", JSON.stringify(page.data));
});
await check("v7: paging through every user with for await", async () => {
  let seen = 0;
  for await (const _user of await mgmt.users.list({ per_page: 20 })) seen += 1;
  expect(seen >= 50, `50 seed users, saw ${seen}`);
});
await check("v7: users.create, get, update", async () => {
  const created = await mgmt.users.create({
    connection: "Username-Password-Authentication",
    email: `ci-${stamp}@example.com`,
    password: "Sup3r-secret!",
    user_metadata: { team: "ci" },
  });
  userId = created.user_id;
  expect(userId?.startsWith("auth0|"), `user_id ${userId}`);
  const fetched = await mgmt.users.get(userId);
  expect(fetched.user_metadata.team === "ci", JSON.stringify(fetched));
  const updated = await mgmt.users.update(userId, { app_metadata: { plan: "ci" } });
  expect(updated.app_metadata.plan === "ci", JSON.stringify(updated));
});
await check("v7: users.create refusals (409 exists, 400 weak password)", async () => {
  const email = `ci-${stamp}@example.com`;
  const connection = "Username-Password-Authentication";
  await refused(mgmt.users.create({ connection, email, password: "Sup3r-secret!" }), 409);
  const weak = await refused(mgmt.users.create({ connection, email: `weak-${stamp}@example.com`, password: "x" }), 400);
  expect(JSON.stringify(weak.body).includes("PasswordStrengthError"), JSON.stringify(weak.body));
});
await check("v7: roles.create, update, permissions add/list, users.roles assign/list/delete", async () => {
  const role = await mgmt.roles.create({ name: `ci-${stamp}`, description: "made by CI" });
  roleId = role.id;
  expect(roleId?.startsWith("rol_"), `role id ${roleId}`);
  await mgmt.roles.update(roleId, { description: "changed" });
  await mgmt.roles.permissions.add(roleId, {
    permissions: [{ resource_server_identifier: ORDERS, permission_name: "read:orders" }],
  });
  const perms = await mgmt.roles.permissions.list(roleId);
  expect(perms.data.length === 1 && perms.data[0].permission_name === "read:orders", JSON.stringify(perms.data));
  await mgmt.users.roles.assign(userId, { roles: [roleId] });
  const roles = await mgmt.users.roles.list(userId);
  expect(roles.data.some((r) => r.id === roleId), JSON.stringify(roles.data));
  await mgmt.users.roles.delete(userId, { roles: [roleId] });
});
await check("v7: users.permissions create/list/delete", async () => {
  const permissions = [{ resource_server_identifier: ORDERS, permission_name: "write:orders" }];
  await mgmt.users.permissions.create(userId, { permissions });
  const listed = await mgmt.users.permissions.list(userId);
  expect(listed.data.length === 1, JSON.stringify(listed.data));
  await mgmt.users.permissions.delete(userId, { permissions });
});
await check("v7: roles.delete, users.delete, then 404s", async () => {
  await mgmt.roles.delete(roleId);
  await mgmt.users.delete(userId);
  await refused(mgmt.users.get(userId), 404);
  await refused(mgmt.roles.get(roleId), 404);
});
await check("v7: clients.list and get (secrets shown with read:client_keys)", async () => {
  const page = await mgmt.clients.list();
  expect(page.data.length >= 6, `${page.data.length} clients`);
  const one = await mgmt.clients.get(admin.client_id);
  expect(one.client_secret === admin.client_secret, "the admin's own secret");
});
await check("v7: clientGrants create (subject_type, no scope), get, update, list, delete", async () => {
  const spa = client("tokex-spa");
  const grant = await mgmt.clientGrants.create({ client_id: spa.client_id, audience: ORDERS, subject_type: "client" });
  grantId = grant.id;
  expect(grantId?.startsWith("cgr_") && grant.scope.length === 0, JSON.stringify(grant));
  const fetched = await mgmt.clientGrants.get(grantId);
  expect(fetched.client_id === spa.client_id, JSON.stringify(fetched));
  const updated = await mgmt.clientGrants.update(grantId, { scope: ["read:orders"] });
  expect(updated.scope.join() === "read:orders", JSON.stringify(updated));
  const listed = await mgmt.clientGrants.list({ client_id: spa.client_id });
  expect(listed.data.some((g) => g.id === grantId), JSON.stringify(listed.data));
  await refused(mgmt.clientGrants.create({ client_id: spa.client_id, audience: ORDERS }), 409);
  await mgmt.clientGrants.delete(grantId);
  await refused(mgmt.clientGrants.get(grantId), 404);
});
await check("v7: logs (search= refused as Auth0 does; q through queryParams; get)", async () => {
  await refused(mgmt.logs.list({ search: "type:sapi" }, { maxRetries: 0 }), 400);
  const page = await mgmt.logs.list({ per_page: 10 }, { queryParams: { q: "type:sapi" } });
  expect(page.data.length > 0 && page.data.every((l) => l.type === "sapi"), JSON.stringify(page.data.map((l) => l.type)));
  const one = await mgmt.logs.get(page.data[0].log_id);
  expect(one.log_id === page.data[0].log_id, "the same event");
});
await check("v7: tenants.settings.get, resourceServers list and get", async () => {
  const settings = await mgmt.tenants.settings.get();
  expect(typeof settings.friendly_name === "string", JSON.stringify(settings));
  const apis = await mgmt.resourceServers.list();
  expect(apis.data.some((a) => a.identifier === ORDERS), JSON.stringify(apis.data));
  const api = await mgmt.resourceServers.get(apis.data[0].id);
  expect(api.id === apis.data[0].id, "the same API");
});
await check("v7: 403 with a read-only client's token", async () => {
  const ro = client("tokex-readonly");
  const readonly = new ManagementClient({ domain, clientId: ro.client_id, clientSecret: ro.client_secret });
  const error = await refused(readonly.roles.create({ name: "nope" }), 403);
  expect(JSON.stringify(error.body).includes("insufficient_scope"), JSON.stringify(error.body));
});
await check("v7: private_key_jwt (clientAssertionSigningKey)", async () => {
  const jwt = client("tokex-jwt-m2m");
  const signed = new ManagementClient({ domain, clientId: jwt.client_id, clientAssertionSigningKey: jwt.private_key_pem });
  const page = await signed.users.list({ per_page: 1 });
  expect(page.data.length === 1, "one user");
});
await check("v7: an unimplemented operation fails at once (404, not retried)", async () => {
  const started = Date.now();
  const error = await refused(mgmt.users.organizations.list("auth0|x"), 404);
  expect(JSON.stringify(error.body).includes("not_implemented"), JSON.stringify(error.body));
  expect(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
});
await check("v7: 429 from a rate-limited tenant, then the SDK's retry waits for x-ratelimit-reset", async () => {
  const c = client("tokex-admin", limited);
  const slow = new ManagementClient({ domain: new URL(limited.domain).host, clientId: c.client_id, clientSecret: c.client_secret });
  await slow.stats.getActiveUsersCount({ maxRetries: 0 });
  await refused(slow.stats.getActiveUsersCount({ maxRetries: 0 }), 429);
  await slow.stats.getActiveUsersCount({ maxRetries: 2 });
});

const legacy = new LegacyManagementClient({ domain, clientId: admin.client_id, clientSecret: admin.client_secret });
await check("legacy: users.getAll, create, delete", async () => {
  const { data } = await legacy.users.getAll({ per_page: 3, page: 0 });
  expect(data.length === 3, `3 users, got ${data.length}`);
  const { data: created } = await legacy.users.create({
    connection: "Username-Password-Authentication",
    email: `legacy-${stamp}@example.com`,
    password: "Sup3r-secret!",
  });
  await legacy.users.delete({ id: created.user_id });
});
await check("legacy: roles create, addPermissions, delete", async () => {
  const { data: role } = await legacy.roles.create({ name: `legacy-${stamp}` });
  await legacy.roles.addPermissions({ id: role.id }, {
    permissions: [{ resource_server_identifier: ORDERS, permission_name: "read:orders" }],
  });
  const { data: perms } = await legacy.roles.getPermissions({ id: role.id });
  expect(perms.length === 1, JSON.stringify(perms));
  await legacy.roles.delete({ id: role.id });
});
await check("legacy: clientGrants create with scope, delete; logs.getAll with q", async () => {
  const nogrant = client("tokex-no-grant");
  const { data: grant } = await legacy.clientGrants.create({ client_id: nogrant.client_id, audience: ORDERS, scope: ["read:orders"] });
  await legacy.clientGrants.delete({ id: grant.id });
  const { data: logs } = await legacy.logs.getAll({ q: "type:seccft", per_page: 5 });
  expect(logs.length > 0 && logs.every((l) => l.type === "seccft"), JSON.stringify(logs.map((l) => l.type)));
});
await check("legacy: 404 as a ResponseError", async () => {
  await refused(legacy.users.get({ id: "auth0|nobody" }), 404);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
