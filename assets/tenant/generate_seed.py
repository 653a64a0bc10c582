import json, random, hashlib
random.seed(20250630)
ANCHOR = "2025-06-30T12:00:00.000Z"
def ts(days_ago, sec=0):
    import datetime
    base = datetime.datetime(2025,6,30,12,0,0)
    d = base - datetime.timedelta(days=days_ago, seconds=sec)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % random.randint(0,999)
def hexid(n=24): return "".join(random.choice("0123456789abcdef") for _ in range(n))
def b62(n): return "".join(random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))

MGMT_SCOPES = []
for res in ["users","users_app_metadata","user_idp_tokens","current_user","current_user_metadata","clients","client_keys","client_credentials","client_summary","client_grants","connections","resource_servers","roles","role_members","logs","logs_users","stats","tenant_settings","signing_keys","organizations","organizations_summary","organization_members","organization_member_roles","rules","hooks","actions","email_provider","email_templates","custom_domains","grants","guardian_factors","prompts","branding","log_streams","anomaly_blocks","attack_protection","jobs"]:
    for verb in ["read","create","update","delete"]:
        if res in ("stats","logs","logs_users","user_idp_tokens","client_summary","organizations_summary") and verb!="read": continue
        if res in ("current_user_metadata","users_app_metadata") and verb=="read": continue
        MGMT_SCOPES.append(f"{verb}:{res}")
MGMT_SCOPES += ["update:client_keys","update:client_grants","blacklist:tokens"]
# Then every other scope some Management API operation lists, so the admin can pass them all.
import os
HERE = os.path.dirname(os.path.abspath(__file__))
OPERATIONS = json.load(open(os.path.join(HERE, "..", "management-api-operations.json")))
MGMT_SCOPES += sorted({s for op in OPERATIONS for s in op["scopes"]} - set(MGMT_SCOPES))
seen=set(); MS=[]
for s in MGMT_SCOPES:
    if s not in seen: seen.add(s); MS.append(s)
def desc(s):
    v,r=s.split(":",1); return {"read":"Read","create":"Create","update":"Update","delete":"Delete","blacklist":"Blacklist"}[v]+" "+r.replace("_"," ")
resource_servers=[
 {"id":"rs_management","name":"Auth0 Management API","identifier":"{{DOMAIN}}/api/v2/","is_system":True,"allow_offline_access":False,"skip_consent_for_verifiable_first_party_clients":False,"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256","scopes":[{"value":s,"description":desc(s)} for s in MS]},
 {"id":"rs_orders","name":"tokex Orders API","identifier":"https://api.tokex.example/","is_system":False,"allow_offline_access":False,"skip_consent_for_verifiable_first_party_clients":True,"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256","token_dialect":"access_token","enforce_policies":False,"scopes":[{"value":"read:orders","description":"Read orders"},{"value":"write:orders","description":"Create and update orders"},{"value":"read:inventory","description":"Read inventory levels"}]},
]
for r in resource_servers: r["id"] = hexid(24)
clients=[
 {"name":"tokex-admin","description":"Admin M2M client of the local tenant: every Management API scope","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"},
 {"name":"tokex-readonly","description":"Read-only M2M client: users and stats","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"},
 {"name":"tokex-no-grant","description":"M2M client without any grant for the Management API","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic"},
 {"name":"tokex-spa","description":"Single-page app: no client_credentials grant type","app_type":"spa","grant_types":["authorization_code","implicit","refresh_token"],"token_endpoint_auth_method":"none","callbacks":["http://localhost:3000/callback"],"allowed_logout_urls":["http://localhost:3000"],"web_origins":["http://localhost:3000"],"allowed_origins":["http://localhost:3000"]},
 {"name":"tokex-jwt-m2m","description":"M2M client authenticating with private_key_jwt","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"private_key_jwt"},
 {"name":"tokex-no-scope","description":"M2M client with a Management API grant of no scopes: its tokens pass no operation","app_type":"non_interactive","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"},
]
grants=[
 {"client":"tokex-admin","audience":"{{DOMAIN}}/api/v2/","scope":MS},
 {"client":"tokex-admin","audience":"https://api.tokex.example/","scope":["read:orders","write:orders","read:inventory"]},
 {"client":"tokex-readonly","audience":"{{DOMAIN}}/api/v2/","scope":["read:users","read:stats"]},
 {"client":"tokex-jwt-m2m","audience":"{{DOMAIN}}/api/v2/","scope":["read:users","read:clients"]},
 {"client":"tokex-jwt-m2m","audience":"https://api.tokex.example/","scope":["read:orders"]},
]
for g in grants: g["id"]="cgr_"+b62(16)
conn_defs=[("Username-Password-Authentication","auth0"),("google-oauth2","google-oauth2"),("github","github"),("acme-saml","samlp"),("passwordless-email","email")]
connections=[]
for name,strat in conn_defs:
    c={"id":"con_"+b62(16),"options":{},"strategy":strat,"name":name,"is_domain_connection":False,"realms":[name],"enabled_clients":[]}
    if strat=="auth0": c["options"]={"mfa":{"active":True,"return_enroll_settings":True},"passwordPolicy":"good","strategy_version":2,"brute_force_protection":True,"requires_username":False}
    elif strat=="google-oauth2": c["options"]={"email":True,"profile":True,"scope":["email","profile"]}
    elif strat=="github": c["options"]={"email":True,"scope":["user:email"]}
    elif strat=="samlp": c["options"]={"signInEndpoint":"https://idp.acme.example/saml/sso","signatureAlgorithm":"rsa-sha256","digestAlgorithm":"sha256"}; c["display_name"]="ACME Corp SSO"
    elif strat=="email": c["options"]={"name":"email","disable_signup":False,"brute_force_protection":True}
    connections.append(c)
roles=[("Admin","Full access to the admin console"),("Support","Can read users and reset passwords"),("Billing","Manages invoices and plans"),("Developer","Access to API keys and logs"),("Viewer","Read-only access"),("Auditor","Reads logs for compliance")]
roles=[{"id":"rol_"+b62(16),"name":n,"description":d} for n,d in roles]
first=["Ada","Grace","Alan","Linus","Margaret","Ken","Dennis","Barbara","Edsger","Donald","Frances","John","Radia","Tim","Vint","Hedy","Katherine","Dorothy","Annie","Sophie","Niklaus","Bjarne","Guido","Yukihiro","Anders","James","Brendan","Larry","Rasmus","Jean","Mary","Shafi","Leslie","Whitfield","Martin","Adele","Carol","Evelyn","Jon","Ivan","Lynn","Susan","Fernando","Marian","Kristen","Joan","Elena","Priya","Tomás","Chen"]
last=["Lovelace","Hopper","Turing","Torvalds","Hamilton","Thompson","Ritchie","Liskov","Dijkstra","Knuth","Allen","McCarthy","Perlman","Berners-Lee","Cerf","Lamarr","Johnson","Vaughan","Easley","Wilson","Wirth","Stroustrup","van Rossum","Matsumoto","Hejlsberg","Gosling","Eich","Wall","Lerdorf","Sammet","Keller","Goldwasser","Lamport","Diffie","Fowler","Goldberg","Shaw","Boyd","Bentley","Sutherland","Conway","Kare","Corbató","Croft","Nygaard","Clarke","Petrova","Raman","García","Wei"]
domains=["example.com","acme.example","tokex.dev","mail.example.org"]
users=[]; user_roles={}
for i in range(50):
    fn,ln=first[i],last[i]
    conn=random.choices(conn_defs,weights=[6,3,2,1,1])[0]
    dom = "acme.example" if conn[1]=="samlp" else random.choice(domains)
    local=(fn+"."+ln).lower().replace(" ","").replace("á","a").replace("ó","o")
    email=f"{local}@{dom}"
    if conn[1]=="auth0": uid="auth0|"+hexid(24); prov="auth0"; social=False
    elif conn[1]=="google-oauth2": uid="google-oauth2|"+"".join(random.choice("0123456789") for _ in range(21)); prov="google-oauth2"; social=True
    elif conn[1]=="github": uid="github|"+str(random.randint(100000,99999999)); prov="github"; social=True
    elif conn[1]=="samlp": uid="samlp|acme-saml|"+email; prov="samlp"; social=False
    else: uid="email|"+hexid(24); prov="email"; social=False
    created_days=random.randint(40,700)
    logins=random.choice([0,1,2,3,5,8,13,21,34,55,89,144,233])
    u={"created_at":ts(created_days,random.randint(0,86000)),"email":email,"email_verified":random.random()<0.8,
       "family_name":ln,"given_name":fn,
       "identities":[{"user_id":uid.split("|",1)[1],"provider":prov,"connection":conn[0],"isSocial":social}],
       "name":f"{fn} {ln}","nickname":local.split(".")[0],
       "picture":"https://s.gravatar.com/avatar/"+hashlib.md5(email.encode()).hexdigest()+"?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F"+(fn[0]+ln[0]).lower()+".png",
       "updated_at":None,"user_id":uid,
       "user_metadata":{"theme":random.choice(["dark","light","system"]),"locale":random.choice(["en","fr","de","es","ja"])},
       "app_metadata":{"plan":random.choice(["free","pro","enterprise"]),"roles":[]},
    }
    if conn[1]=="auth0" and random.random()<0.5: u["username"]=local.replace(".","_")[:15]
    if random.random()<0.2: u["phone_number"]="+1555%07d"%random.randint(0,9999999); u["phone_verified"]=random.random()<0.5
    if i%11==3: u["blocked"]=True
    if i%7==2: u["multifactor"]=["guardian"]
    if logins>0:
        last_days=random.choice([0,0,1,2,3,5,8,12,20,29,45,90,200])
        last_days=min(last_days, created_days-1)
        u["last_login"]=ts(last_days,random.randint(0,40000)); u["last_ip"]="%d.%d.%d.%d"%(random.choice([81,88,192,203,198]),random.randint(0,255),random.randint(0,255),random.randint(1,254))
        u["logins_count"]=logins
        u["updated_at"]=u["last_login"]
    else:
        u["updated_at"]=u["created_at"]
    if conn[1]=="auth0" and random.random()<0.3: u["last_password_reset"]=ts(random.randint(1,30))
    rs=random.sample(roles, random.choice([0,0,1,1,2]))
    if rs:
        user_roles[uid]=[r["id"] for r in rs]; u["app_metadata"]["roles"]=[r["name"] for r in rs]
    if i==0:
        u["app_metadata"]["plan"]="enterprise"; u["user_metadata"]["addresses"]={"cities":["Paris","London"]}
    users.append(u)
orgs=[]
for n,d in [("acme","ACME Corporation"),("globex","Globex Inc."),("initech","Initech"),("umbrella","Umbrella Labs"),("hooli","Hooli")]:
    orgs.append({"id":"org_"+b62(16),"name":n,"display_name":d,"branding":{"logo_url":f"https://{n}.example/logo.png","colors":{"primary":"#%06x"%random.randint(0,0xffffff),"page_background":"#ffffff"}},"metadata":{"tier":random.choice(["gold","silver","bronze"])}})
logtypes=[("s","Successful login",None),("f","Wrong email or password.",None),("ss","Successful signup",None),("seccft","Client Credentials for Access Token","tokex-admin"),("feccft","Unauthorized","tokex-readonly"),("sapi","Update a client","tokex-admin"),("slo","User successfully logged out",None),("fp","Wrong password",None),("scp","Successful change password",None),("sv","Successful verification email",None)]
logs=[]
for k in range(120):
    t,d,cl=random.choices(logtypes,weights=[30,8,5,10,2,3,6,4,2,3])[0]
    days=random.randint(0,29); sec=random.randint(0,86000)
    e={"date":ts(days,sec),"type":t,"description":d,"ip":"%d.%d.%d.%d"%(random.choice([81,88,203]),random.randint(0,255),random.randint(0,255),random.randint(1,254)),
       "user_agent":random.choice(["Chrome 126.0.0 / Mac OS X 14.5.0","Firefox 127.0.0 / Linux 0.0.0","Safari 17.5.0 / iOS 17.5.1","node-fetch 2.7.0 / Other 0.0.0"]),
       "hostname":"{{HOST}}"}
    if cl:
        e["client"]=cl; e["user_id"]=""; e["user_name"]=""
        if t in ("seccft","feccft"): e["audience"]="{{DOMAIN}}/api/v2/"; e["scope"]= "read:users read:stats" if t=="feccft" else None
        if e.get("scope") is None: e.pop("scope",None)
    else:
        u=random.choice(users); e["client"]="tokex-spa"; e["user_id"]=u["user_id"]; e["user_name"]=u["email"]
        e["connection"]=u["identities"][0]["connection"]; e["strategy"]=u["identities"][0]["provider"]; e["strategy_type"]="social" if u["identities"][0]["isSocial"] else "database"
    e["details"]={"prompts":[],"initiatedAt":None,"completedAt":None} if t=="s" else {}
    if t=="s": e["details"]={"prompts":[{"name":"login","flow":"universal-login","elapsedTime":random.randint(800,9000)}],"stats":{"loginsCount":random.randint(1,200)}}
    e["isMobile"]= "iOS" in e["user_agent"]
    logs.append(e)
logs.sort(key=lambda e:e["date"])
daily=[]
for d in range(30,0,-1):
    daily.append({"days_ago":d,"logins":random.randint(3,60),"signups":random.randint(0,6),"leaked_passwords":random.choice([0,0,0,1])})
settings={"friendly_name":"tokex local tenant","picture_url":"https://cdn.auth0.com/manhattan/versions/1.2.0/assets/badge.png","support_email":"support@tokex.dev","support_url":"https://tokex.dev/support","default_audience":"","default_directory":"Username-Password-Authentication","flags":{"enable_client_connections":False,"revoke_refresh_token_grant":False,"disable_clickjack_protection_headers":False,"enable_public_signup_user_exists_error":True,"allow_legacy_delegation_grant_types":False,"allow_legacy_ro_grant_types":False,"allow_legacy_tokeninfo_endpoint":False,"enable_legacy_profile":False,"enable_idtoken_api2":False,"enable_pipeline2":True,"enable_apis_section":False,"enable_dynamic_client_registration":False,"disable_management_api_sms_obfuscation":False,"enable_sso":True,"universal_login":True},
 "enabled_locales":["en","fr","de"],"session_lifetime":72,"idle_session_lifetime":24,"sandbox_version":"22","sandbox_versions_available":["22","18"],
 "error_page":{"html":"","show_log_link":False,"url":"https://tokex.dev/error"},"change_password":{"enabled":False,"html":""},"guardian_mfa_page":{"enabled":False,"html":""},
 "device_flow":{"charset":"base20","mask":"****-****"},"session_cookie":{"mode":"persistent"},"sessions":{"oidc_logout_prompt_enabled":True},"default_token_quota":{"clients":{"client_credentials":{"enforce":False,"per_day":5000,"per_hour":500}}}}
seed={"_comment":"Seed data of tokex's local tenant. Dates are shifted at start-up by whole days so that 'anchor' falls on today; {{DOMAIN}} and {{HOST}} are replaced by the running tenant's domain and host.",
 "anchor":ANCHOR,"tenant":"tokex-dev","resource_servers":resource_servers,"clients":clients,"client_grants":grants,"connections":connections,"roles":roles,"users":users,"user_roles":user_roles,"organizations":orgs,"logs":logs,"daily_stats":daily,"tenant_settings":settings}
# Permissions of three roles on the Orders API (no random draws, so the ids above stay as they were).
ORDERS="https://api.tokex.example/"
role_ids={r["name"]:r["id"] for r in roles}
seed["role_permissions"]={role_ids["Admin"]:[[ORDERS,"read:orders"],[ORDERS,"write:orders"],[ORDERS,"read:inventory"]],
 role_ids["Support"]:[[ORDERS,"read:orders"]],role_ids["Viewer"]:[[ORDERS,"read:orders"],[ORDERS,"read:inventory"]]}
# Added last so that the random ids drawn before it stay as they were.
grants.append({"client":"tokex-no-scope","audience":"{{DOMAIN}}/api/v2/","scope":[],"id":"cgr_"+b62(16)})
json.dump(seed, open(os.path.join(HERE, "seed.json"),"w"), indent=1, ensure_ascii=False)
print(len(MS), len(users), len(logs))
