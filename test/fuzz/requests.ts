import type { InjectOptions } from 'fastify';
import { BREAKERS, type BreakerName, breakValue, DEEP_MARKER } from './breakers.js';
import type { Random } from './random.js';
import { generate, type JsonSchema, type Leaf, type Pools } from './schema-values.js';

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface Operation {
  method: string;
  path: string;
  parameters: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: unknown }>>;
}

/** Every operation with a JSON body or none; `skip` names those that would end the caller's session. */
export function operationsOf(document: OpenApi, skip: string[]): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(methods)) {
      if (skip.includes(`${method.toUpperCase()} ${path}`)) continue;
      const content = (spec.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: spec.parameters ?? [],
        body: content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

export interface FuzzRequest {
  options: InjectOptions;
  /** What was broken and how, for the failure report. */
  label: string;
}

/**
 * A request for `operation`: valid about a third of the time, otherwise one of its parts (body, query,
 * path) broken by one breaker.
 */
export function buildRequest(operation: Operation, random: Random, pools: Pools): FuzzRequest {
  const breaker: BreakerName | undefined = random.chance(0.3) ? undefined : random.pick(BREAKERS);
  const parts = [
    ...(operation.body ? ['body', 'body'] : []),
    ...(operation.parameters.some((p) => p.in === 'query') ? ['query'] : []),
    ...(operation.parameters.some((p) => p.in === 'path') ? ['path'] : []),
  ];
  const broken = breaker && parts.length > 0 ? random.pick(parts) : undefined;

  let url = operation.path;
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const text = paramText(parameter, random, pools, broken === 'path' ? breaker : undefined);
    url = url.replace(`{${parameter.name}}`, encodeText(text));
  }
  const query = operation.parameters
    .filter((p) => p.in === 'query' && (p.required || random.chance(0.3)))
    .map((p) => `${p.name}=${encodeText(paramText(p, random, pools, undefined))}`);
  if (broken === 'query' && breaker) {
    const parameters = operation.parameters.filter((p) => p.in === 'query');
    const target = random.pick(parameters);
    query.push(`${target.name}=${encodeText(paramText(target, random, pools, breaker))}`);
    if (breaker === 'unknown-key') query.push('zzUnknown=1');
  }
  if (query.length > 0) url += `?${query.join('&')}`;

  const headers: Record<string, string> = {};
  if (operation.method === 'PATCH' || operation.method === 'DELETE' || operation.method === 'PUT') {
    headers['if-match'] = random.chance(0.8)
      ? `"${random.int(1, 3)}"`
      : random.pick(['"0"', '"-1"', '"99999999999999999999"', '"1e3"', '*', 'W/"1"', '"2147483648"']);
  }
  let payload: string | undefined;
  if (operation.body) {
    const { value, leaves } = generate(operation.body, random, pools);
    const body = broken === 'body' && breaker ? breakValue(value, leaves, breaker, random, pools) : value;
    payload = serialise(body);
    headers['content-type'] = 'application/json';
  }
  return {
    options: { method: operation.method as InjectOptions['method'], url, headers, payload },
    label: breaker ? `${breaker} in ${broken ?? 'nothing'}` : 'valid',
  };
}

function paramText(
  parameter: Operation['parameters'][number],
  random: Random,
  pools: Pools,
  breaker: BreakerName | undefined,
): string {
  const { value, leaves } = generate(parameter.schema, random, pools, parameter.name);
  if (!breaker) return String(value);
  const single: Leaf[] = leaves.length > 0 ? leaves : [{ path: [], kind: 'text' }];
  const broken = breakValue(
    String(value),
    single.map((l) => ({ ...l, path: [] })),
    breaker,
    random,
    pools,
    true,
  );
  return typeof broken === 'string' ? broken : JSON.stringify(broken ?? '');
}

/** Percent-encoding; a lone surrogate becomes the UTF-8 bytes a careless client would send for it. */
function encodeText(text: string): string {
  return text
    .split(LONE_SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join('%ED%A0%80');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function serialise(body: unknown): string {
  if (body === undefined) return '';
  return JSON.stringify(body).replace(DEEP_MARKER, (_, depth: string) => {
    const n = Number(depth);
    return `${'['.repeat(n)}1${']'.repeat(n)}`;
  });
}
