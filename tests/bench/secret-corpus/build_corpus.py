#!/usr/bin/env python3
"""Builds the labelled secret corpus from other projects' public test vectors.

Reads four git mirrors (made with the `fetch` tool or `git clone --mirror`), never a network:
  python3 tests/bench/secret-corpus/build_corpus.py <gitleaks.git> <trufflehog.git> <detect-secrets.git> <secretlint.git>
Writes tests/NhiTools.Engine.Tests/TestData/secret-corpus/{manifest.json,cases/*}: one case per file, each with its
provenance (repo, path, commit, and line or test name) and its label (a SecretKinds name, or "negative").
Labels are the source project's own (its true/false positive lists); the few we overrule are listed in RELABEL with why.
Only test data is taken; no code or rule of those projects is copied.
"""
import ast, hashlib, json, os, re, subprocess, sys

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'NhiTools.Engine.Tests', 'TestData', 'secret-corpus')
repos = dict(zip(['gitleaks/gitleaks', 'trufflesecurity/trufflehog', 'Yelp/detect-secrets', 'secretlint/secretlint'], sys.argv[1:5]))

def git(repo, *args):
    return subprocess.run(['git', '--git-dir', repos[repo], *args], capture_output=True, check=True).stdout

commits = {r: git(r, 'rev-parse', 'HEAD').decode().strip() for r in repos}
def show(repo, path): return git(repo, 'show', commits[repo] + ':' + path).decode('utf-8', 'replace')

cases, seen = [], set()
# Values whose source label we overrule: obvious placeholders a source lists as positive to test parsing, not detection.
RELABEL = {
    'Host=your_host; Port=5432; Database=your_database; Username=your_username; Password=your_password;': 'negative: every part is a your_... placeholder',
    'Server=myServerAddress;Database=myDataBase;Uid=myUsername;Pwd=myPassword;': 'negative: the connectionstrings.com template',
    'https://hooks.slack.com/services/TXXXXX/BXXXXX/XXXXXXXXXX': 'negative: all-X placeholder',
    "https://hooks.slack.com/services/Txxxxxxxx/Bxxxxxxxx/xxxxxxxxxxxxxxxxxxxxxxxx": 'negative: all-x placeholder',
    'mongodb://username:password@host.docker.internal:27018/?authMechanism=PLAIN&tls=true': 'negative: username:password placeholder (a parser test)',
    'https://username:password@yelp.com': 'negative: username:password placeholder',
    '//registry.npmjs.org/:_authToken=npm_xxxxxxxxxxx': 'negative: all-x placeholder',
    'sk-ant-admin01-abc123xyz-456def789ghij-klmnopqrstuvwx-3456yza789bcde-1234fghijklmnopby56aaaogaopaaaabc123xyzAA': 'AnthropicKey: a valid admin-key shape, listed only as a false positive of gitleaks\' api-key rule',
    'Examples https://docs.cribl.io/docs/regexesyml': 'negative: a prose line of a positive file split per line',
}
# Substrings that make a source's positive a placeholder (a parser or structure test, not a detection label).
RELABEL_SUBSTR = [
    ('YOUR-PRIVATE-KEY-GOES-HERE', 'negative: placeholder key body'),
    ('MIIEvAIBADANBgkqhkiG9w0BAQEFAASC...', 'negative: key body cut to "..." (a structure test)'),
    ('://username:password@', 'negative: the words username:password'),
]

def add(text, label, repo, path, where, ext='.txt'):
    text = text.strip('\n') + '\n'
    key = text.strip()
    if not key or key in seen: return
    seen.add(key)
    note = RELABEL.get(key) or next((n for sub, n in RELABEL_SUBSTR if sub in key), None)
    if note:
        label = note.split(':')[0]
    n = len(cases) + 1
    src = repo.split('/')[0].lower()
    fname = 'cases/%04d-%s%s' % (n, src, ext)
    case = {'id': n, 'file': fname, 'label': label, 'source': {'repo': repo, 'path': path, 'commit': commits[repo], 'at': where}}
    if note: case['relabelled'] = note
    cases.append(case)
    os.makedirs(os.path.join(OUT, 'cases'), exist_ok=True)
    with open(os.path.join(OUT, fname), 'w', encoding='utf-8', newline='\n') as f: f.write(text)

# ---- secretlint: snapshot inputs (ng.* = should report, ok.* = should not); line files are split per line
SL = 'packages/@secretlint/'
sl_files = {
    'secretlint-rule-database-connection-string/test/snapshots/ng.mongodb/input.txt': ('ConnectionString', True),
    'secretlint-rule-database-connection-string/test/snapshots/ng.mysql/input.txt': ('ConnectionString', True),
    'secretlint-rule-database-connection-string/test/snapshots/ng.postgresql/input.txt': ('ConnectionString', True),
    'secretlint-rule-database-connection-string/test/snapshots/ok.valid/input.txt': ('negative', True),
    'secretlint-rule-slack/test/snapshots/ng.IncomingWebhook/input.txt': ('SlackWebhook', True),
    'secretlint-rule-slack/test/snapshots/ng.bot-token/input.txt': ('SlackToken', True),
    'secretlint-rule-slack/test/snapshots/ng.user-token/input.txt': ('SlackToken', True),
    'secretlint-rule-slack/test/snapshots/ng.found-slack-token/input.txt': ('SlackToken', True),
    'secretlint-rule-slack/test/snapshots/ng.xapp-token/input.txt': ('SlackToken', True),
    'secretlint-rule-slack/test/snapshots/ok.valid/input.txt': ('negative', True),
    'secretlint-rule-openai/test/snapshots/ng.secret/input.txt': ('OpenAiKey', True),
    'secretlint-rule-openai/test/snapshots/ok.valid/input.txt': ('negative', True),
    'secretlint-rule-anthropic/test/snapshots/ng.secret/input.txt': ('AnthropicKey', True),
    'secretlint-rule-anthropic/test/snapshots/ok.valid/input.txt': ('negative', True),
    'secretlint-rule-npm/test/snapshots/NPM_ACCESS_TOKEN/input.txt': ('NpmToken', True),
    'secretlint-rule-aws/test/snapshots/ng.AWS Access Key ID/input': ('AwsAccessKeyId', True),
    'secretlint-rule-aws/test/snapshots/ng.AWS Secret Access Key/input': ('AwsSecretKey', True),
    'secretlint-rule-aws/test/snapshots/ok.AWS Secret Access Key/input': ('negative', True),
    'secretlint-rule-azure/test/snapshots/ng.azure_client_secret/input': ('EntraClientSecret', True),
    'secretlint-rule-github/test/snapshots/ng.apikey/input.txt': ('GitHubToken', True),
    'secretlint-rule-github/test/snapshots/ng.app_installation_token/input.txt': ('GitHubToken', True),
    'secretlint-rule-github/test/snapshots/ng.fine_grained_pat/input.txt': ('GitHubToken', True),
    'secretlint-rule-github/test/snapshots/ok.valid/input.txt': ('negative', True),
    'secretlint-rule-gitlab/test/snapshots/ng.secret/input.txt': ('GitLabToken', True),
    'secretlint-rule-basicauth/test/snapshots/ng.basic-auth-http-url/input.txt': ('ConnectionString', True),
    'secretlint-rule-basicauth/test/snapshots/ng.basic-auth-https-url/input.txt': ('ConnectionString', True),
    'secretlint-rule-basicauth/test/snapshots/ng.basic-auth-ftp-url/input.txt': ('ConnectionString', True),
    'secretlint-rule-basicauth/test/snapshots/ng.real-credentials/input.txt': ('ConnectionString', True),
    'secretlint-rule-basicauth/test/snapshots/ok.false-positives-prevented/input.txt': ('negative', True),
    'secretlint-rule-basicauth/test/snapshots/ok.valid-url/input.txt': ('negative', True),
    'secretlint-rule-privatekey/test/snapshots/rsa/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/rsa-4096/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/ECDSA/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/ecdsa-256/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/ed25519-256/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/private-key-pem/input': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/private-key-in-json/input.json': ('PrivateKey', False),
    'secretlint-rule-privatekey/test/snapshots/placeholder-dots/input': ('negative', False),
    'secretlint-rule-privatekey/test/snapshots/placeholder-short-base64/input': ('negative', False),
    'secretlint-rule-privatekey/test/snapshots/placeholder-stars/input': ('negative', False),
    'secretlint-rule-privatekey/test/snapshots/placeholder-xxx/input': ('negative', False),
    'secretlint-rule-gcp/test/snapshots/ng.privatekey-json/input.json': ('GcpServiceAccountKey', False),
    'secretlint-rule-gcp/test/snapshots/ok.valid-json/input.json': ('negative', False),
}
for rel, (label, per_line) in sl_files.items():
    path = SL + rel
    try: text = show('secretlint/secretlint', path)
    except subprocess.CalledProcessError: print('missing', path); continue
    ext = '.json' if rel.endswith('.json') else '.txt'
    if not per_line: add(text, label, 'secretlint/secretlint', path, 'whole file', ext); continue
    for i, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith('#') or s.startswith('//'): continue
        add(line, label, 'secretlint/secretlint', path, 'line %d' % i)

# ---- gitleaks: literal strings in each rule's tps (true positives) and fps (false positives) lists
GL = {'aws': 'AwsAccessKeyId', 'azure': 'EntraClientSecret', 'slack': 'SlackToken', 'openai': 'OpenAiKey', 'anthropic': 'AnthropicKey',
      'jwt': 'Jwt', 'privatekey': 'PrivateKey', 'generic': 'GenericSecret', 'github': 'GitHubToken', 'gitlab': 'GitLabToken'}
lit = re.compile(r'(?m)^\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")\s*,')
# Every rule's true positives first: one rule's fps list may hold another rule's true positive (an admin key in the
# api-key rule's fps); such a value keeps its positive label.
for want_kind, name, kind in [(bk, n, k) for bk in ('tp', 'fp') for n, k in GL.items()]:
    path = 'cmd/generate/config/rules/%s.go' % name
    src = show('gitleaks/gitleaks', path)
    for fm in re.finditer(r'^func (\w+)\(\)', src, re.M):
        body = src[fm.end(): src.find('\nfunc ', fm.end()) if src.find('\nfunc ', fm.end()) > 0 else len(src)]
        fn = fm.group(1)
        label_kind = kind
        if name == 'slack' and 'webhook' in fn.lower(): label_kind = 'SlackWebhook'
        if name == 'aws' and fn != 'AWS': continue          # Bedrock keys: not a kind we claim
        if name == 'github' and 'App' in fn and 'Token' not in fn: continue
        for block_kind, rx in (('tp', r'tps\s*(?::=|=)\s*(?:append\(tps,|\[\]string\{)'), ('fp', r'fps\s*:=\s*\[\]string\{')):
            if block_kind != want_kind: continue
            for bm in re.finditer(rx, body):
                depth, j = 1, bm.end()
                while j < len(body) and depth:
                    c = body[j]
                    if c == '/' and body[j + 1:j + 2] == '/': j = body.find('\n', j) - 1 if body.find('\n', j) > 0 else len(body)
                    elif c == '`': j = body.find('`', j + 1) if body.find('`', j + 1) > 0 else len(body)
                    elif c == '"': j = re.compile(r'"(?:[^"\\\n]|\\.)*"').match(body, j).end() - 1
                    elif c in '({': depth += 1
                    elif c in ')}': depth -= 1
                    j += 1
                block = body[bm.end(): j - 1]
                for m in lit.finditer(block):
                    tok = m.group(1)
                    val = tok[1:-1] if tok[0] == '`' else ast.literal_eval(tok)
                    if 'gitleaks:allow' in val and False: pass
                    line = src[:src.find(block)].count('\n') + block[:m.start()].count('\n') + 2
                    add(val, label_kind if block_kind == 'tp' else 'negative', 'gitleaks/gitleaks', path, '%s %s line %d' % (fn, block_kind + 's', line))

# ---- detect-secrets: pytest parametrize tables ((payload, should_flag) tuples, or payload-only lists of positives)
DS = {'aws_key_test': 'AwsAccessKeyId', 'azure_storage_key_test': 'AzureStorageKey', 'basic_auth_test': 'ConnectionString',
      'jwt_test': 'Jwt', 'slack_test': 'SlackToken', 'npm_test': 'NpmToken', 'openai_test': 'OpenAiKey',
      'github_token_test': 'GitHubToken', 'gitlab_token_test': 'GitLabToken', 'private_key_test': 'PrivateKey', 'keyword_test': 'GenericSecret'}
for name, kind in DS.items():
    path = 'tests/plugins/%s.py' % name
    src = show('Yelp/detect-secrets', path)
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, 'attr', '') == 'parametrize' and len(node.args) >= 2): continue
        if not isinstance(node.args[1], (ast.List, ast.Tuple)): continue
        for el in node.args[1].elts:
            try: v = ast.literal_eval(el)
            except Exception: continue
            if isinstance(v, str): payload, flag = v, True
            elif isinstance(v, tuple) and len(v) >= 2 and isinstance(v[0], str) and isinstance(v[1], bool): payload, flag = v[0], v[1]
            else: continue
            k = kind
            if 'hooks.slack.com' in payload: k = 'SlackWebhook'
            add(payload, k if flag else 'negative', 'Yelp/detect-secrets', path, 'parametrize line %d' % el.lineno)

# ---- trufflehog: detector test tables; `input:`/`data:` literals, negative when `want` is empty
TH = {'azure_storage/storage_test.go': 'AzureStorageKey', 'jwt/jwt_test.go': 'Jwt', 'gcp/gcp_test.go': 'GcpServiceAccountKey',
      'openai/openai_test.go': 'OpenAiKey', 'mongodb/mongodb_test.go': 'ConnectionString', 'redis/redis_test.go': 'ConnectionString',
      'postgres/postgres_test.go': 'ConnectionString', 'sqlserver/sqlserver_test.go': 'ConnectionString', 'uri/uri_test.go': 'ConnectionString',
      'slackwebhook/slackwebhook_test.go': 'SlackWebhook', 'anthropic/anthropic_test.go': 'AnthropicKey', 'aws/aws_test.go': 'AwsAccessKeyId'}
strlit = r'(`[^`]*`|"(?:[^"\\\n]|\\.)*")'
for rel, kind in TH.items():
    path = 'pkg/detectors/' + rel
    try: src = show('trufflesecurity/trufflehog', path)
    except subprocess.CalledProcessError: print('missing', path); continue
    consts = {}
    for m in re.finditer(r'(?m)^\s*(\w+)\s*=\s*' + strlit + r'\s*$', src):
        t = m.group(2); consts[m.group(1)] = t[1:-1] if t[0] == '`' else ast.literal_eval(t)
    def ev(expr):
        expr = expr.strip()
        if expr[:1] in '`"': return expr[1:-1] if expr[0] == '`' else ast.literal_eval(expr)
        return consts.get(expr)
    for m in re.finditer(r'(?ms)^\s*(input|data):\s*(' + strlit + r'|\w+|fmt\.Sprintf\((.*?)\)),\s*$', src):
        e = m.group(2)
        if e.startswith('fmt.Sprintf'):
            parts = [p for p in re.findall(strlit + r'|\w+', m.group(4))]
            args = re.findall(r'`[^`]*`|"(?:[^"\\\n]|\\.)*"|\w+', m.group(4))
            vals = [ev(a) for a in args]
            if any(v is None for v in vals): continue
            try: val = vals[0] % tuple(vals[1:])
            except TypeError: continue
        else:
            val = ev(e)
            if val is None: continue
        after = src[m.end(): m.end() + 400]
        wm = re.search(r'want\w*:\s*([^\n]*)', after)
        neg = m.group(1) == 'input' and wm and re.match(r'(\[\]string\{\}|nil)', wm.group(1).strip())
        fields = after[: after.find('}')]
        if re.search(r'skip:\s*true', fields): continue
        if re.search(r'shouldMatch:\s*false', fields): neg = True
        # trufflehog's jwt tests leave `want` empty for tokens it cannot verify: that says nothing about being a token.
        if rel.startswith('jwt/') and neg: continue
        if m.group(1) == 'data' and rel.startswith('gcp'): continue
        line = src[:m.start()].count('\n') + 2
        add(val, 'negative' if neg else kind, 'trufflesecurity/trufflehog', path, 'line %d' % line)

manifest = {'description': 'Labelled secret test vectors from other projects (see tests/bench/secrets.md). label: a SecretKinds name or "negative".',
            'sources': [{'repo': r, 'commit': c} for r, c in commits.items()], 'cases': cases}
with open(os.path.join(OUT, 'manifest.json'), 'w', encoding='utf-8', newline='\n') as f: json.dump(manifest, f, indent=1)
from collections import Counter
print(len(cases), Counter(c['label'] for c in cases))
print(Counter(c['source']['repo'] for c in cases))
