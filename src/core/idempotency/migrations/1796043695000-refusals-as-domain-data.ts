import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A refusal as release 1 recorded it: the HTTP answer. */
export interface HttpRefusal {
  readonly status: number;
  readonly body: { statusCode?: number; error?: string; message: string; code: string } & Record<
    string,
    unknown
  >;
}

/** A refusal as the domain gives it (core/idempotency/refused-before.ts), no HTTP in it. */
interface DomainRefusal {
  readonly category: string;
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

// Frozen here, not imported: a migration must convert tomorrow as it converts today.
const CATEGORY_BY_STATUS: Record<number, string> = {
  400: 'invalid',
  404: 'not-found',
  409: 'conflict',
  422: 'rule-violation',
  503: 'unavailable',
};
const CATEGORY_BY_CODE: Record<string, string> = {
  REQUEST_IN_FLIGHT: 'in-flight',
  IDEMPOTENCY_KEY_REUSED: 'idempotency-mismatch',
};
const STATUS_BY_CATEGORY: Record<string, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  'in-flight': 409,
  'rule-violation': 422,
  'idempotency-mismatch': 422,
  unavailable: 503,
};
const REASON: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  503: 'Service Unavailable',
};

/** The body was `{ ...details, statusCode, error, message, code }`: the details keep their order. */
export function domainRefusalOf({ status, body }: HttpRefusal): DomainRefusal {
  const { statusCode: _status, error: _error, message, code, ...details } = body;
  const category = CATEGORY_BY_CODE[code] ?? CATEGORY_BY_STATUS[status] ?? 'rule-violation';
  return { category, code, message, details };
}

export function httpRefusalOf({ category, code, message, details }: DomainRefusal): HttpRefusal {
  const status = STATUS_BY_CATEGORY[category] ?? 422;
  return { status, body: { ...details, statusCode: status, error: REASON[status], message, code } };
}

const PAGE = 500;

/**
 * Refusals in processed_commands become domain data, `{ category, code, message, details }`,
 * instead of the HTTP answer `{ status, body }` (docs/decisions/0155-*): the write path knows no
 * HTTP. The HTTP filter maps the converted refusal back to the very status and body it had.
 */
export class RefusalsAsDomainData1796043695000 implements MigrationInterface {
  name = 'RefusalsAsDomainData1796043695000';

  up(queryRunner: QueryRunner): Promise<void> {
    return convert(queryRunner, (stored) =>
      'status' in stored ? domainRefusalOf(stored as HttpRefusal) : undefined,
    );
  }

  down(queryRunner: QueryRunner): Promise<void> {
    return convert(queryRunner, (stored) =>
      'category' in stored ? httpRefusalOf(stored as DomainRefusal) : undefined,
    );
  }
}

/** Rewrites every refusal that `change` converts (it answers undefined for one already converted). */
async function convert(queryRunner: QueryRunner, change: (stored: object) => object | undefined) {
  for (let after = ''; ;) {
    const rows: Array<{ commandId: string; refusal: string }> = await queryRunner.manager
      .createQueryBuilder()
      .select('p.command_id', 'commandId')
      .addSelect('p.refusal', 'refusal')
      .from('processed_commands', 'p')
      .where('p.refusal IS NOT NULL AND p.command_id > :after', { after })
      .orderBy('p.command_id')
      .limit(PAGE)
      .getRawMany();
    for (const { commandId, refusal } of rows) {
      const changed = change(JSON.parse(refusal) as object);
      if (!changed) continue;
      await queryRunner.manager
        .createQueryBuilder()
        .update('processed_commands')
        .set({ refusal: JSON.stringify(changed) })
        .where('command_id = :commandId', { commandId })
        .execute();
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].commandId;
  }
}
