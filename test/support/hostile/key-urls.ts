import fc from 'fast-check';

/**
 * `Metadata.key_url` values that must never be fetched: the bait (a local server on another
 * port) in every disguise, cloud metadata, other schemes, look-alike and userinfo tricks, IDN
 * homoglyphs and very long hosts. None of them is a genuine *.myconnectwise.net https URL or
 * the installation's own origin.
 */
export function hostileKeyUrls(baitPort: number, appPort: number): fc.Arbitrary<string> {
  const path = fc.constantFrom('/', '/key', '/v4_6_release/apis/3.0/system/callbackkeys/1', '/latest/meta-data/iam/security-credentials/', '/?x=.myconnectwise.net', '/%2e%2e/%2e%2e/');
  const bait = [
    `127.0.0.1:${baitPort}`,
    `localhost:${baitPort}`,
    `[::1]:${baitPort}`,
    `[::ffff:127.0.0.1]:${baitPort}`,
    `2130706433:${baitPort}`,
    `0x7f000001:${baitPort}`,
    `0177.0.0.1:${baitPort}`,
    `127.1:${baitPort}`,
    `127.0.0.1.:${baitPort}`,
    `LOCALHOST:${baitPort}`,
  ];
  const baitUrls = fc.tuple(fc.constantFrom('http', 'https', 'HTTP', 'hTTpS'), fc.constantFrom(...bait), path).map(([scheme, host, p]) => `${scheme}://${host}${p}`);
  const tricks = fc.constantFrom(
    `https://api-na.myconnectwise.net@127.0.0.1:${baitPort}/key`,
    `https://api-na.myconnectwise.net:@127.0.0.1:${baitPort}/key`,
    `https://user:pass@api-na.myconnectwise.net/key`,
    `http://127.0.0.1:${appPort}@127.0.0.1:${baitPort}/key`,
    `https://127.0.0.1:${baitPort}#@api-na.myconnectwise.net/`,
    `https://127.0.0.1:${baitPort}/.myconnectwise.net`,
    `https://127.0.0.1:${baitPort}?.myconnectwise.net`,
    `https://api-na.myconnectwise.net:${baitPort}/key`,
    `https://api-na.myconnectwise.net:443.127.0.0.1:${baitPort}/`,
    `http://api-na.myconnectwise.net/key`,
    `https://api-na.myconnectwise.net.evil.example/key`,
    `https://myconnectwise.net.evil.example/key`,
    `https://evilmyconnectwise.net/key`,
    `https://myconnectwise.net/key`,
    `https://api-na.myconnectwise.net./key`,
    `https://api-na.myconnectwіse.net/key`, // Cyrillic і
    `https://api-na.myсonnectwise.net/key`, // Cyrillic с
    `https://api-na.myconnectwise.nеt/key`, // Cyrillic е
    `https://xn--api-na-myconnectwise-net.evil.example/`,
    `https://api-na.myconnectwise.net%2e.evil.example/`,
    `https://evil.example/api-na.myconnectwise.net`,
    `http://169.254.169.254/latest/meta-data/`,
    `https://169.254.169.254/latest/meta-data/`,
    `http://[fd00:ec2::254]/latest/meta-data/`,
    `http://metadata.google.internal/computeMetadata/v1/`,
    `http://100.100.100.200/latest/meta-data/`,
    `http://evil.example/key`,
    `https://evil.example/key`,
    `file:///etc/passwd`,
    `ftp://127.0.0.1:${baitPort}/key`,
    `gopher://127.0.0.1:${baitPort}/_GET%20/`,
    `ws://127.0.0.1:${baitPort}/`,
    `data:application/json,{"signing_key":"x"}`,
    `javascript:alert(1)`,
    `//127.0.0.1:${baitPort}/key`,
    `/v4_6_release/apis/3.0/system/callbackkeys/1`,
    `127.0.0.1:${baitPort}`,
    ``,
    ` http://127.0.0.1:${baitPort}/`,
  );
  const longHost = fc
    .record({ label: fc.stringMatching(/^[a-z0-9]{1,63}$/), repeat: fc.integer({ min: 4, max: 60 }), suffix: fc.constantFrom('evil.example', 'myconnectwise.net.evil.example', 'myconnectwise.net-evil.example') })
    .map(({ label, repeat, suffix }) => `https://${Array.from({ length: repeat }, () => label).join('.')}.${suffix}/key`);
  const randomWeb = fc
    .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
    .filter((u) => {
      const host = new URL(u).hostname;
      return !host.endsWith('.myconnectwise.net') && host !== '127.0.0.1';
    });
  return fc.oneof(baitUrls, tricks, longHost, randomWeb);
}
