// The desktop app's transport for every gateway call: Chromium's network stack through Electron's
// net.fetch, so a payment request follows the system's proxy settings (PAC, NTLM, Kerberos) as the
// store's browser does. Its own in-memory session: no cookies kept, no HTTP cache, none of the page
// session's hooks (the CSP rewrite) on a gateway's answer. Chromium never sends loopback addresses
// (the training simulators) through a proxy. Call after the app is ready.
import { session } from 'electron';
import { createFetchTransport, type FetchFunction, type Transport } from '../gateways/http';

const GATEWAY_PARTITION = 'gateways';

export function netFetchTransport(): Transport {
  const gatewaySession = session.fromPartition(GATEWAY_PARTITION, { cache: false });
  const netFetch: FetchFunction = (input, init) =>
    gatewaySession.fetch(input, { ...init, credentials: 'omit', cache: 'no-store', bypassCustomProtocolHandlers: true });
  return createFetchTransport(netFetch);
}
