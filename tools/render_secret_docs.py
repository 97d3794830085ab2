#!/usr/bin/python3
"""Renders docs/rules/SE*.md, one page per secret rule, from rules/secrets.yaml.

Usage: tools/render_secret_docs.py [--check] [--index] [REPO_ROOT]

  (default)  writes docs/rules/SEnnnn.md for every rule and deletes pages of
             rules that no longer exist; prints how many pages it wrote.
  --check    writes nothing; exits 1 if a page is missing or out of date, or
             if a rule's aliases are not known gitleaks / Trivy rule IDs.
  --index    prints a Markdown table of the rules (ID, severity, aliases,
             title) for the rule index.

The example shapes on each page come from the rule's first sample in
tests/secret/samples.yaml, with every random part written as <n chars> so
that the documentation itself contains no secret-looking value.

Needs PyYAML (Debian: python3-yaml; run it with /usr/bin/python3).
"""
import os
import re
import sys
import textwrap

import yaml

# Rule IDs of the peer scanners, used to label aliases. gitleaks: the rules
# of its default configuration; Trivy: its built-in secret rules.
GITLEAKS = set('''
1password-secret-key 1password-service-account-token adafruit-api-key adobe-client-id adobe-client-secret
adyen-api-key adyen-client-key age-secret-key airtable-api-key algolia-api-key alibaba-access-key-id
alibaba-secret-key anthropic-admin-api-key anthropic-api-key artifactory-api-key artifactory-reference-token
asana-client-id asana-client-secret atlassian-api-token authress-service-client-access-key aws-access-token
aws-secret-access-key azure-ad-client-secret beamer-api-token bitbucket-client-id bitbucket-client-secret
bittrex-access-key bittrex-secret-key braintree-access-token braintree-tokenization-key cisco-meraki-api-key
clickhouse-cloud-api-secret-key clojars-api-token cloudflare-api-key cloudflare-global-api-key
cloudflare-origin-ca-key codecov-access-token cohere-api-token coinbase-access-token confluent-access-token
confluent-secret-key contentful-delivery-api-token curl-auth-header curl-auth-user database-password
databricks-api-token datadog-access-token defined-networking-api-token digitalocean-access-token
digitalocean-pat digitalocean-refresh-token discord-api-token discord-client-id discord-client-secret
doppler-api-token droneci-access-token dropbox-api-token dropbox-long-lived-api-token
dropbox-short-lived-api-token duffel-api-token dynatrace-api-token easypost-api-token easypost-test-api-token
etsy-access-token facebook-access-token facebook-page-access-token facebook-secret fastly-api-token
finicity-api-token finicity-client-secret finnhub-access-token flickr-access-token flutterwave-encryption-key
flutterwave-public-key flutterwave-secret-key flyio-access-token frameio-api-token freemius-secret-key
freshbooks-access-token gcp-api-key generic-api-key github-app-token github-fine-grained-pat github-oauth
github-pat github-refresh-token gitlab-cicd-job-token gitlab-deploy-token gitlab-feature-flag-client-token
gitlab-feed-token gitlab-incoming-mail-token gitlab-kubernetes-agent-token gitlab-oauth-app-secret gitlab-pat
gitlab-pat-routable gitlab-ptt gitlab-rrt gitlab-runner-authentication-token
gitlab-runner-authentication-token-routable gitlab-scim-token gitlab-session-cookie gitter-access-token
gocardless-api-token grafana-api-key grafana-cloud-api-token grafana-service-account-token groq-api-key
harness-api-key hashicorp-tf-api-token hashicorp-tf-password heroku-api-key heroku-api-key-v2 hubspot-api-key
huggingface-access-token huggingface-organization-api-token infracost-api-token intercom-api-key
intra42-client-secret jfrog-api-key jfrog-identity-token jwt jwt-base64 kraken-access-token
kubernetes-secret-yaml kucoin-access-token kucoin-secret-key launchdarkly-access-token linear-api-key
linear-client-secret linkedin-client-id linkedin-client-secret lob-api-key lob-pub-api-key mailchimp-api-key
mailgun-private-api-token mailgun-pub-key mailgun-signing-key mapbox-api-token mattermost-access-token
maxmind-license-key messagebird-api-token messagebird-client-id microsoft-teams-webhook netlify-access-token
new-relic-browser-api-token new-relic-insert-key new-relic-user-api-id new-relic-user-api-key notion-api-token
npm-access-token nuget-config-password nytimes-access-token octopus-deploy-api-key okta-access-token
openai-api-key openshift-user-token perplexity-api-key pkcs12-file plaid-api-token plaid-client-id
plaid-secret-key planetscale-api-token planetscale-oauth-token planetscale-password postman-api-token
prefect-api-token private-key privateai-api-token pulumi-api-token pypi-upload-token rapidapi-access-token
readme-api-token rubygems-api-token scalingo-api-token sendbird-access-id sendbird-access-token
sendgrid-api-token sendinblue-api-token sentry-access-token sentry-org-token sentry-user-token
shippo-api-token shopify-access-token shopify-custom-access-token shopify-private-app-access-token
shopify-shared-secret sidekiq-secret sidekiq-sensitive-url slack-app-token slack-bot-token
slack-config-access-token slack-config-refresh-token slack-legacy-bot-token slack-legacy-token
slack-legacy-workspace-token slack-user-token slack-webhook-url snyk-api-token sonar-api-token
sourcegraph-access-token square-access-token squarespace-access-token stripe-access-token sumologic-access-id
sumologic-access-token telegram-bot-api-token travisci-access-token twilio-api-key twitch-api-token
twitter-access-secret twitter-access-token twitter-api-key twitter-api-secret twitter-bearer-token
typeform-api-token vault-batch-token vault-service-token yandex-access-token yandex-api-key
yandex-aws-access-token zendesk-secret-key
'''.split())
TRIVY = set('''
aws-access-key-id aws-secret-access-key github-pat github-oauth github-app-token github-refresh-token
github-fine-grained-pat gitlab-pat hugging-face-access-token private-key shopify-token slack-access-token
stripe-publishable-token stripe-secret-token pypi-upload-token gcp-service-account heroku-api-key
slack-web-hook twilio-api-key age-secret-key facebook-token twitter-token adobe-client-id adobe-client-secret
alibaba-access-key-id alibaba-secret-key asana-client-id asana-client-secret atlassian-api-token
bitbucket-client-id bitbucket-client-secret beamer-api-token clojars-api-token contentful-delivery-api-token
databricks-api-token discord-api-token discord-client-id discord-client-secret doppler-api-token
dropbox-api-secret dropbox-short-lived-api-token dropbox-long-lived-api-token duffel-api-token
dynatrace-api-token easypost-api-token fastly-api-token finicity-client-secret finicity-api-token
flutterwave-public-key flutterwave-enc-key frameio-api-token gocardless-api-token grafana-api-token
hashicorp-tf-api-token hubspot-api-token intercom-api-token intercom-client-secret ionic-api-token jwt-token
linear-api-token linear-client-secret lob-api-key lob-pub-api-key mailchimp-api-key mailgun-token
mailgun-signing-key mapbox-api-token messagebird-api-token messagebird-client-id new-relic-user-api-key
new-relic-user-api-id new-relic-browser-api-token npm-access-token planetscale-password planetscale-api-token
private-packagist-token postman-api-token pulumi-api-token rubygems-api-token sendgrid-api-token
sendinblue-api-token shippo-api-token linkedin-client-secret linkedin-client-id twitch-api-token
typeform-api-token dockerconfig-secret
'''.split())

GROUPS = [
    ('SE1', 'Cloud providers'),
    ('SE2', 'Source hosting, CI/CD and infrastructure tooling'),
    ('SE3', 'Container and package registries'),
    ('SE4', 'Chat, SaaS, payments and AI services'),
    ('SE5', 'Private keys, Kubernetes, JWT, Vault and secret managers'),
    ('SE6', 'Database and connection URLs'),
    ('SE9', 'Generic assignments'),
]

CLASS_WORDS = {
    'A': 'A-Z', 'a': 'a-z', 'd': '0-9', 'h': 'hex', 'H': 'HEX', 'an': 'a-z0-9', 'AN': 'A-Za-z0-9',
    'b64': 'base64', 'b64u': 'base64url',
}
PLACEHOLDER = re.compile(r'\{(A|a|d|h|H|an|AN|b64|b64u):(\d+)\}|\{lit:([^}]*)\}')


def shape(template):
    """A sample token template written for humans: random runs become <n class>."""
    def rep(m):
        if m.group(3) is not None:
            return m.group(3)
        return '<%s %s>' % (m.group(2), CLASS_WORDS[m.group(1)])
    return PLACEHOLDER.sub(rep, template)


def wrap(text):
    return '\n'.join(textwrap.wrap(' '.join(text.split()), width=76, break_long_words=False,
                                   break_on_hyphens=False))


def alias_list(aliases):
    out = []
    for a in dict.fromkeys(aliases):
        who = [n for n, s in (('gitleaks', GITLEAKS), ('Trivy', TRIVY)) if a in s]
        out.append('`%s`%s' % (a, ' (%s)' % ', '.join(who) if who else ''))
    return ', '.join(out)


def code_span(s):
    ticks = '`'
    while ticks in s:
        ticks += '`'
    pad = ' ' if s.startswith('`') or s.endswith('`') else ''
    return '%s%s%s%s%s' % (ticks, pad, s, pad, ticks)


def fence(body, lang=''):
    ticks = '```'
    while ticks in body:
        ticks += '`'
    return '%s%s\n%s\n%s' % (ticks, lang, body, ticks)


def what_it_finds(rule):
    lines = []
    grp = rule.get('secret-group', 0)
    lines.append('This regular expression (PCRE2; Vectorscan finds the candidates):')
    lines.append('')
    lines.append(fence(rule['regex'], 'regex'))
    lines.append('')
    facts = []
    if grp:
        facts.append('The reported secret is capture group %d; the rest of the match is context '
                     '(a variable name, a URL, a header).' % grp)
    else:
        facts.append('The reported secret is the whole match.')
    kw = rule.get('keywords') or []
    if kw:
        facts.append('The match must contain one of: %s (any case).' % ', '.join(code_span(k) for k in kw))
    if rule.get('entropy'):
        facts.append('The secret must have a Shannon entropy of at least %s bits per character, which '
                     'rules out repeated characters and most placeholders.' % rule['entropy'])
    al = rule.get('allowlist') or {}
    if al.get('stopwords'):
        facts.append('Not reported when the secret contains one of: %s.'
                     % ', '.join(code_span(str(w)) for w in al['stopwords']))
    if al.get('regexes'):
        target = {'secret': 'the secret', 'match': 'the whole match', 'line': 'the line'}[al.get('regex-target',
                                                                                                  'secret')]
        n = len(al['regexes'])
        if n <= 3 and all(len(r) <= 80 for r in al['regexes']):
            facts.append('Not reported when %s matches %s.' % (
                target, ' or '.join(code_span(r) for r in al['regexes'])))
        else:
            facts.append('Not reported when %s matches one of %d allowlist expressions (placeholders, '
                         'values that other rules report more precisely, and names that are not secrets; '
                         'see rules/secrets.yaml).' % (target, n))
    if al.get('paths'):
        facts.append('Files matching %s are skipped.' % ', '.join(code_span(p) for p in al['paths']))
    for f in facts:
        lines.append(textwrap.fill(f, width=76, initial_indent='- ', subsequent_indent='  ',
                                   break_long_words=False, break_on_hyphens=False))
    return '\n'.join(lines)


def example(rule_id, samples):
    lst = samples.get(rule_id) or []
    if not lst:
        return None
    s = lst[0]
    tok = shape(s['token'])
    ctx = s['context']
    if s.get('raw'):
        body = ctx.replace('{token}', tok).rstrip('\n')
        return fence(body), None
    name, _, value = ctx.partition('=')
    bad = '%s=%s' % (name, value.replace('{token}', tok))
    good = '%s=${%s}' % (name, re.sub(r'[^A-Za-z0-9_]', '_', name).upper())
    return fence(bad), fence(good)


def page(rule, samples):
    rid = rule['id']
    out = ['# %s — %s' % (rid, rule['title']), '']
    out.append('- **Severity:** %s' % str(rule['severity']).upper())
    if rule.get('aliases'):
        out.append('- **Aliases:** %s' % alias_list(rule['aliases']))
    out.append('- **Applies to:** files, directories, git history and image layers (`moat secret`, `moat image`)')
    out.append('- **Enabled by default:** yes')
    out.append('')
    out.append('## Why it matters')
    out.append('')
    out.append(wrap(rule.get('description', '')))
    out.append('')
    out.append('## What it finds')
    out.append('')
    out.append(what_it_finds(rule))
    ex = example(rid, samples)
    if ex:
        bad, good = ex
        out.append('')
        out.append('## Example')
        out.append('')
        out.append('The shape of a finding (random parts shown as `<length class>`):')
        out.append('')
        out.append(bad)
        if good:
            out.append('')
            out.append('Better: keep the value out of the file and pass it in at run time.')
            out.append('')
            out.append(good)
    out.append('')
    out.append('## How to fix')
    out.append('')
    out.append(wrap(rule.get('remediation', '')))
    out.append('')
    out.append(wrap('A secret that was ever committed or baked into an image layer stays in the history and '
                    'in every copy of the image: rotating it is the fix, deleting the file is not.'))
    out.append('')
    out.append('See [the rule index](README.md) for severities and suppression.')
    out.append('')
    return '\n'.join(out)


def index(rules):
    out = []
    for prefix, name in GROUPS:
        rs = [r for r in rules if r['id'].startswith(prefix)]
        if not rs:
            continue
        out.append('### %s' % name)
        out.append('')
        out.append('| ID | Severity | Aliases | Title |')
        out.append('|----|----------|---------|-------|')
        for r in rs:
            al = ', '.join(dict.fromkeys(r.get('aliases') or []))
            out.append('| [%s](%s.md) | %s | %s | %s |' % (r['id'], r['id'], str(r['severity']).upper(), al,
                                                          r['title']))
        out.append('')
    return '\n'.join(out)


def check_aliases(rules):
    errs = []
    for r in rules:
        al = r.get('aliases') or []
        for a in al:
            if a not in GITLEAKS and a not in TRIVY:
                errs.append('%s: alias %s is neither a gitleaks nor a Trivy rule ID' % (r['id'], a))
        if len(al) >= 2 and al[0] not in GITLEAKS and al[1] in GITLEAKS:
            errs.append('%s: the gitleaks ID should come first' % r['id'])
        if len(al) != len(set(al)) and not all(a in GITLEAKS and a in TRIVY for a in al if al.count(a) > 1):
            errs.append('%s: repeated alias %s' % (r['id'], al))
    return errs


def main(argv):
    check = '--check' in argv
    want_index = '--index' in argv
    args = [a for a in argv if not a.startswith('--')]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    rules = yaml.safe_load(open(os.path.join(root, 'rules', 'secrets.yaml'), encoding='utf-8'))['rules']
    spath = os.path.join(root, 'tests', 'secret', 'samples.yaml')
    samples = {}
    if os.path.exists(spath):
        samples = yaml.safe_load(open(spath, encoding='utf-8')).get('rules') or {}
    rules = sorted(rules, key=lambda r: r['id'])
    if want_index:
        print(index(rules))
        return 0
    errs = check_aliases(rules)
    docs = os.path.join(root, 'docs', 'rules')
    want = {r['id'] + '.md': page(r, samples) for r in rules}
    stale = [f for f in os.listdir(docs) if re.match(r'^SE\d{4}\.md$', f) and f not in want]
    if check:
        for f, text in sorted(want.items()):
            p = os.path.join(docs, f)
            if not os.path.exists(p) or open(p, encoding='utf-8').read() != text:
                errs.append('%s is missing or out of date' % f)
        errs += ['%s has no rule' % f for f in stale]
        for e in errs:
            print(e, file=sys.stderr)
        return 1 if errs else 0
    for e in errs:
        print('warning:', e, file=sys.stderr)
    for f, text in want.items():
        with open(os.path.join(docs, f), 'w', encoding='utf-8') as fh:
            fh.write(text)
    for f in stale:
        os.remove(os.path.join(docs, f))
    print('wrote %d pages, removed %d' % (len(want), len(stale)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
