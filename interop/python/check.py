"""A developer's usual calls through Auth0's own Python SDK (PyPI `auth0-python`), unchanged,
against tokex's local tenant. Run by interop/run.sh, which starts the tenants and passes their
JSON lines; prints one line per check and `N passed, M failed`.

TOKEX_MODE=tls: `ManagementClient(domain=…)` as documented (it builds https://{domain} URLs;
SSL_CERT_FILE and REQUESTS_CA_BUNDLE name the tenant's CA). TOKEX_MODE=http: the same calls
through the generated client the SDK exposes for other base URLs (`Auth0(base_url=…)`), with a
token from `GetToken(…, protocol="http")`, the SDK's own switch for testing.
"""

import json
import os
import sys
import time
from urllib.parse import urlparse

from auth0.authentication import GetToken
from auth0.management import Auth0, ManagementClient
from auth0.management.core.api_error import ApiError

TENANT = json.loads(os.environ["TOKEX_TENANT"])
LIMITED = json.loads(os.environ["TOKEX_LIMITED_TENANT"])
MODE = os.environ.get("TOKEX_MODE", "tls")
ORDERS = "https://api.tokex.example/"
STAMP = f"{int(time.time() * 1000)}-{os.getpid()}"
results = {"passed": 0, "failed": 0}


def client_named(name, tenant=TENANT):
    return next(c for c in tenant["clients"] if c["name"] == name)


def management(name, tenant=TENANT):
    """A Management API client for the seed client `name`, as a developer would make one."""
    c = client_named(name, tenant)
    domain = urlparse(tenant["domain"]).netloc
    if MODE == "tls":
        return ManagementClient(domain=domain, client_id=c["client_id"], client_secret=c["client_secret"])
    token = GetToken(domain, c["client_id"], client_secret=c["client_secret"], protocol="http")
    access = token.client_credentials(f"https://{domain}/api/v2/")["access_token"]
    return Auth0(base_url=f"{tenant['domain']}/api/v2", token=access)


def check(name, fn):
    started = time.monotonic()
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {name} ({int((time.monotonic() - started) * 1000)} ms)", flush=True)
    except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
        results["failed"] += 1
        print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def refused(call, status):
    """`call` must fail with `status`; returns the error."""
    try:
        call()
    except ApiError as error:
        if error.status_code == status:
            return error
        raise AssertionError(f"expected {status}, got {error.status_code}: {error.body}") from error
    raise AssertionError(f"expected {status}, got a success")


api = management("tokex-admin")
state = {}


def users_list():
    page = api.users.list(per_page=5)
    expect(len(page.items) == 5, f"5 users, got {len(page.items)}")


def users_search():
    page = api.users.list(q='email:"ada.lovelace@acme.example"', search_engine="v3")
    expect([u.email for u in page.items] == ["ada.lovelace@acme.example"], str(page.items))


def users_paging():
    seen = sum(1 for _ in api.users.list(per_page=20))
    expect(seen >= 50, f"50 seed users, saw {seen}")


def users_crud():
    created = api.users.create(
        connection="Username-Password-Authentication",
        email=f"py-{STAMP}@example.com",
        password="Sup3r-secret!",
        user_metadata={"team": "ci"},
    )
    state["user"] = created.user_id
    expect(created.user_id.startswith("auth0|"), created.user_id)
    expect(api.users.get(created.user_id).user_metadata["team"] == "ci", "metadata kept")
    updated = api.users.update(created.user_id, app_metadata={"plan": "ci"})
    expect(updated.app_metadata["plan"] == "ci", str(updated))


def users_refusals():
    weak = refused(
        lambda: api.users.create(connection="Username-Password-Authentication", email=f"weak-{STAMP}@example.com", password="x"),
        400,
    )
    expect("PasswordStrengthError" in json.dumps(weak.body), str(weak.body))
    # The SDK retries a 409 twice (1 and 2 s) before giving up, as against Auth0.
    refused(
        lambda: api.users.create(
            connection="Username-Password-Authentication", email=f"py-{STAMP}@example.com", password="Sup3r-secret!"
        ),
        409,
    )


def roles_and_permissions():
    role = api.roles.create(name=f"py-{STAMP}", description="made by CI")
    state["role"] = role.id
    expect(role.id.startswith("rol_"), role.id)
    api.roles.update(role.id, description="changed")
    api.roles.permissions.add(role.id, permissions=[{"resource_server_identifier": ORDERS, "permission_name": "read:orders"}])
    perms = list(api.roles.permissions.list(role.id))
    expect([p.permission_name for p in perms] == ["read:orders"], str(perms))
    api.users.roles.assign(state["user"], roles=[role.id])
    expect(any(r.id == role.id for r in api.users.roles.list(state["user"])), "assigned")
    api.users.roles.delete(state["user"], roles=[role.id])


def user_permissions():
    permissions = [{"resource_server_identifier": ORDERS, "permission_name": "write:orders"}]
    api.users.permissions.create(state["user"], permissions=permissions)
    expect(len(list(api.users.permissions.list(state["user"]))) == 1, "one permission")
    api.users.permissions.delete(state["user"], permissions=permissions)


def deletions():
    api.roles.delete(state["role"])
    api.users.delete(state["user"])
    refused(lambda: api.users.get(state["user"]), 404)
    refused(lambda: api.roles.get(state["role"]), 404)


def clients():
    listed = list(api.clients.list())
    expect(len(listed) >= 6, f"{len(listed)} clients")
    admin = client_named("tokex-admin")
    expect(api.clients.get(admin["client_id"]).client_secret == admin["client_secret"], "the admin's own secret")


def client_grants():
    spa = client_named("tokex-spa")
    grant = api.client_grants.create(client_id=spa["client_id"], audience=ORDERS, subject_type="client")
    expect(grant.id.startswith("cgr_") and grant.scope == [], str(grant))
    expect(api.client_grants.get(grant.id).client_id == spa["client_id"], "fetched by id")
    expect(api.client_grants.update(grant.id, scope=["read:orders"]).scope == ["read:orders"], "updated")
    expect(any(g.id == grant.id for g in api.client_grants.list(client_id=spa["client_id"])), "listed")
    api.client_grants.delete(grant.id)
    refused(lambda: api.client_grants.get(grant.id), 404)


def logs():
    refused(lambda: api.logs.list(search="type:sapi", request_options={"max_retries": 0}), 400)
    page = api.logs.list(per_page=10, request_options={"additional_query_parameters": {"q": "type:sapi"}})
    expect(page.items and all(entry.type == "sapi" for entry in page.items), str([e.type for e in page.items]))
    expect(api.logs.get(page.items[0].log_id).log_id == page.items[0].log_id, "the same event")


def settings_and_apis():
    expect(isinstance(api.tenants.settings.get().friendly_name, str), "settings")
    apis = list(api.resource_servers.list())
    expect(any(a.identifier == ORDERS for a in apis), str(apis))
    expect(api.resource_servers.get(apis[0].id).id == apis[0].id, "the same API")


def forbidden():
    error = refused(lambda: management("tokex-readonly").roles.create(name="nope"), 403)
    expect("insufficient_scope" in json.dumps(error.body), str(error.body))


def private_key_jwt():
    jwt = client_named("tokex-jwt-m2m")
    domain = urlparse(TENANT["domain"]).netloc
    token = GetToken(domain, jwt["client_id"], client_assertion_signing_key=jwt["private_key_pem"],
                     protocol="https" if MODE == "tls" else "http")
    access = token.client_credentials(f"https://{domain}/api/v2/")["access_token"]
    expect(access.count(".") == 2, "a JWT")


def unimplemented():
    started = time.monotonic()
    error = refused(lambda: list(api.users.organizations.list("auth0|x")), 404)
    expect("not_implemented" in json.dumps(error.body), str(error.body))
    expect(time.monotonic() - started < 1, f"took {time.monotonic() - started:.1f} s")


def rate_limited():
    slow = management("tokex-admin", LIMITED)
    slow.stats.get_active_users_count(request_options={"max_retries": 0})
    refused(lambda: slow.stats.get_active_users_count(request_options={"max_retries": 0}), 429)
    slow.stats.get_active_users_count(request_options={"max_retries": 2})


for name, fn in [
    ("token and users.list (include_totals, the SDK's default)", users_list),
    ("users.list search (q, search_engine v3)", users_search),
    ("paging through every user", users_paging),
    ("users.create, get, update", users_crud),
    ("users.create refusals (400 weak password, 409 exists)", users_refusals),
    ("roles, role permissions, user roles", roles_and_permissions),
    ("user permissions", user_permissions),
    ("roles.delete, users.delete, then 404s", deletions),
    ("clients list and get (secrets with read:client_keys)", clients),
    ("client grants create (subject_type, no scope), get, update, list, delete", client_grants),
    ("logs (search= refused as Auth0 does; q as an additional parameter; get)", logs),
    ("tenant settings, resource servers", settings_and_apis),
    ("403 with a read-only client's token", forbidden),
    ("private_key_jwt through GetToken", private_key_jwt),
    ("an unimplemented operation fails at once (404, not retried)", unimplemented),
    ("429 from a rate-limited tenant, then the SDK's retry waits for x-ratelimit-reset", rate_limited),
]:
    check(f"python ({MODE}): {name}", fn)

print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(0 if results["failed"] == 0 else 1)
