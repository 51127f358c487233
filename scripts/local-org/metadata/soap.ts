import { XMLParser } from 'fast-xml-parser';

/** SOAP 1.1 envelopes of the Metadata API (`/services/Soap/m/NN.0`), as jsforce writes and reads them. */

export type SoapCall = { sessionId?: string; operation: string; body: Record<string, unknown> };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
});

export class SoapFault extends Error {
  public constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseSoapCall(xml: string): SoapCall {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new SoapFault('INVALID_XML', `Unable to parse the request: ${(error as Error).message}`);
  }
  const envelope = document.Envelope as Record<string, unknown> | undefined;
  const body = envelope?.Body as Record<string, unknown> | undefined;
  const operation = body ? Object.keys(body)[0] : undefined;
  if (!envelope || !body || !operation) throw new SoapFault('INVALID_XML', 'The request is not a SOAP envelope');
  const header = (envelope.Header ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const sessionId = header.SessionHeader?.sessionId;
  return {
    sessionId: typeof sessionId === 'string' ? sessionId : undefined,
    operation,
    body: (body[operation] ?? {}) as Record<string, unknown>,
  };
}

const escape = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Elements from a value: arrays repeat their element, undefined and null are left out. */
function toElements(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => toElements(name, item)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => toElements(key, child))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  const scalar = typeof value === 'string' ? value : JSON.stringify(value);
  return `<${name}>${escape(scalar)}</${name}>`;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

export function soapResponse(operation: string, result: unknown): string {
  return `${ENVELOPE_OPEN}<${operation}Response>${toElements('result', result)}</${operation}Response>${ENVELOPE_CLOSE}`;
}

export function soapFault(code: string, message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>sf:${escape(code)}</faultcode><faultstring>${escape(
    `${code}: ${message}`,
  )}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}
