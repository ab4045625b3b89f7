import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { ImageGuardError } from '../errors.js';
import { checkUrl, type AddressRules } from './url-guard.js';

export interface GuardedRequest {
  url: string;
  /** Allowed hosts for this URL and every redirect. */
  hosts: readonly string[];
  addresses: AddressRules;
  /** What the URL is for, in messages: 'image', 'callback'. */
  what: string;
  /** All redirects included. */
  timeoutMs: number;
  /** The response body is cut off (and the call rejects with 'file_too_large') past this. */
  maxBytes: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

const MAX_REDIRECTS = 3;

/**
 * An http(s) request that only connects where the rules allow: the host is checked against the allowed hosts,
 * the name resolved here and every address it resolves to checked (so a name that resolves to 127.0.0.1 or
 * 169.254.169.254 is refused), and the socket connects to the checked address. Redirects (GET only) are
 * followed by hand, each one checked again. Returns the body, bounded by maxBytes and timeoutMs.
 */
export async function guardedRequest(options: GuardedRequest): Promise<{ status: number; body: Buffer }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = parse(options.url, options.what);
  for (let redirects = 0; ; redirects++) {
    checkUrl(url, options.hosts, options.what);
    const literal = isIP(url.hostname.replace(/^\[|\]$/g, ''));
    if (literal) refuseAddress(options.addresses, url.hostname.replace(/^\[|\]$/g, ''), options.what);
    const response = await send(url, options, signal);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location && options.method !== 'POST') {
      response.resume();
      if (redirects >= MAX_REDIRECTS) throw new ImageGuardError('fetch_failed', `The ${options.what} URL redirected more than ${MAX_REDIRECTS} times.`);
      url = parse(new URL(location, url).href, options.what);
      continue;
    }
    return { status: response.statusCode ?? 0, body: await readBounded(response, options, signal) };
  }
}

function parse(text: string, what: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ImageGuardError('fetch_failed', `The ${what} URL is not a valid URL.`);
  }
}

function refuseAddress(rules: AddressRules, address: string, what: string): void {
  const refusal = rules.refusal(address);
  if (refusal) throw new ImageGuardError('fetch_failed', `The ${what} URL was refused: ${refusal}.`);
}

function send(url: URL, options: GuardedRequest, signal: AbortSignal): Promise<IncomingMessage> {
  // The lookup the socket connects with: every address the name resolves to must pass, and the socket uses them.
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      for (const { address } of addresses) {
        const refusal = options.addresses.refusal(address);
        if (refusal) return callback(new ImageGuardError('fetch_failed', `The ${options.what} URL was refused: ${hostname} resolves to ${refusal}.`), '', 4);
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), '', 4);
      callback(null, first.address, first.family);
    });
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const requestOptions: RequestOptions = {
    method: options.method ?? 'GET',
    lookup,
    signal,
    headers: { 'user-agent': 'image-guard-kit', ...options.headers },
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(url, requestOptions, resolve);
    outgoing.on('error', (error) => reject(failure(error, options, signal)));
    outgoing.end(options.body);
  });
}

function readBounded(response: IncomingMessage, options: GuardedRequest, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.destroy();
    return Promise.reject(tooLarge(options));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > options.maxBytes) {
        response.destroy();
        reject(tooLarge(options));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks, total)));
    response.on('error', (error) => reject(failure(error, options, signal)));
    response.on('aborted', () => reject(failure(new Error('the connection closed'), options, signal)));
  });
}

function tooLarge(options: GuardedRequest): ImageGuardError {
  return new ImageGuardError('file_too_large', `The ${options.what} at that URL is larger than ${options.maxBytes} bytes.`);
}

function failure(error: Error, options: GuardedRequest, signal: AbortSignal): ImageGuardError {
  if (error instanceof ImageGuardError) return error;
  if (signal.aborted) return new ImageGuardError('timeout', `Fetching the ${options.what} URL took longer than ${options.timeoutMs} ms.`);
  return new ImageGuardError('fetch_failed', `The ${options.what} URL could not be fetched: ${error.message}.`, { cause: error });
}
