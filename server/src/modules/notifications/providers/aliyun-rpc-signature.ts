import crypto from 'node:crypto';

/**
 * Alibaba Cloud's RPC-style request signature (SignatureVersion 1.0, HMAC-SHA1), as the public
 * OpenAPI documentation defines it: parameters sorted by name, each name and value percent-encoded
 * (RFC 3986: `A-Z a-z 0-9 - _ . ~` kept, space as %20), joined with `&`; the string to sign is
 * `GET&%2F&` + the encoded query; the key is the AccessKey secret followed by `&`.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
}

export function rpcSignature(params: Record<string, string>, accessKeySecret: string, method = 'GET'): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return crypto.createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** The signed query string (`…&Signature=…`) for `params`, which must already hold the common parameters. */
export function signedQuery(params: Record<string, string>, accessKeySecret: string): string {
  return `${canonicalQuery(params)}&Signature=${percentEncode(rpcSignature(params, accessKeySecret))}`;
}
