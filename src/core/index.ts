/**
 * The public face of the CQRS core: what feature modules and host applications may import.
 * Everything else under src/core is its own business.
 */
export { CoreModule, type CoreModuleOptions } from './core.module.js';
export { APP_CONFIG, type AppConfig, type AppRole, ConfigError, loadConfig } from './config/app-config.js';
export { CommandContext, type CommandContextData } from './context/command-context.js';
export { commandContextMiddleware } from './context/command-context.middleware.js';
export { bigintAsNumber } from './database/column-types.js';
export { LOG_READER, READ_STORE, VIEW_READER, WRITE_STORE } from './database/data-source-names.js';
export { autoIncrementBigint } from './database/migration-helpers.js';
export { ViewStatement, type ViewNames } from './database/view-statement.js';
export {
  combineSchemas,
  type DataSourceCustomizer,
  type StoreSchema,
  type StoreSchemas,
} from './database/store-options.js';
export type { Transaction } from './database/transaction-runner.js';
export { ReadTransactions, WriteTransactions } from './database/write-transactions.js';
export { EventSourcedAggregate } from './domain/aggregate-root.js';
export { StateStoredAggregate } from './domain/state-stored-aggregate.js';
export type { CommandResult } from './domain/command-result.js';
export { newId } from './domain/new-id.js';
export { type CommandClass, commandTypeOf } from './domain/command-type.js';
export {
  DomainEvent,
  type EventClass,
  type EventMetadata,
  type RecordedEvent,
} from './domain/domain-event.js';
export {
  AlreadyExistsError,
  ConsistencyTimeoutError,
  DomainError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  RequestInFlightError,
  RuleViolationError,
  VersionConflictError,
} from './domain/domain-error.js';
export { EventStore, type UnreadableEvent } from './event-store/event-store.js';
export {
  EventLogBrowser,
  type LoggedEvent,
  type LogPage,
  type LogPageRequest,
} from './event-store/event-log-browser.js';
export { EventTypeRegistry, type Upcaster } from './event-store/event-type-registry.js';
export { CORE_SCHEMAS } from './core.schemas.js';
export { ReadsViews } from './consistency/reads-views.decorator.js';
export { THE_LOG } from './consistency/reads-views.metadata.js';
export {
  ApiErrorAnswer,
  ApiErrorResponse,
  BadRequestResponse,
  errorExample,
  VersionConflictResponse,
} from './http/api-error.response.js';
export { ApiCommand, type CommandRules } from './http/api-command.decorator.js';
export { ApiViewQuery } from './http/api-view-query.decorator.js';
export { CommandResultResponse } from './http/command-result.response.js';
export { expectedVersion, IfMatchVersion } from './http/expected-version.js';
export type { HeaderReply } from './http/header-reply.js';
export { BodyRefusedError, MAX_JSON_DEPTH, refuseDeepJson } from './http/json-depth.js';
export { IdempotencyKeyGuard } from './idempotency/idempotency-key.guard.js';
export { ReadPositionGuard } from './consistency/read-position.guard.js';
export { Projection, ViewRows } from './projections/projection.js';
export { ProjectionRebuilds } from './projections/projection-rebuilds.js';
export { ReadPositions } from './projections/read-positions.js';
export { ViewCache } from './projections/view-cache.js';
export { ProcessorSupervisor } from './processors/processor-supervisor.js';
export { ProcessorStates } from './processors/processor-states.js';
export { leaseNameOf, processIdentity, ProjectorLease } from './projections/projector-lease.js';
export { ProcessorAdmin } from './processors/processor-admin.js';
export { DeadLetters } from './processors/dead-letters.js';
export { ProcessorStores } from './processors/processor-stores.js';
export { MIN_POSITION_RULE, POSITION_PATTERN } from './consistency/min-position.js';
export { ProcessorRunner } from './processors/processor-runner.js';
export { EventBusReactor } from './processors/event-bus.reactor.js';
export { RebuildInProgressError } from './projections/rebuild-in-progress.error.js';
export type { AggregateRepository } from './repositories/aggregate-repository.js';
export { EventSourcedRepository, type EventSourcedType } from './repositories/event-sourced.repository.js';
export {
  StateStoredRepository,
  type StateRow,
  type StateStoredType,
} from './repositories/state-stored.repository.js';
export {
  CausedCommands,
  type CausedOutcome,
  type CommandOrigin,
  fingerprintOf,
} from './subscriptions/caused-commands.js';
export { DEFAULT_RETRY, Forwarder, Reactor, type RetryPolicy } from './processors/reactor.js';
export { DestinationUnavailableError } from './processors/destination-unavailable.error.js';
export { ExternalProcessor } from './processors/external-processor.js';
export type { DeadLetter, ProcessorKind, ProcessorState, ProcessorStatus } from './processors/processor.js';
export { RelayedEvent } from './subscriptions/relayed-event.js';
export {
  ApiIdParam,
  ExpectedVersionField,
  IdParam,
  IntegerInRange,
  LowerCase,
  OptionalIdField,
  QueryInteger,
  Trim,
  TrimmedText,
  UuidField,
} from './http/request-fields.js';
export {
  type FieldError,
  mustBe,
  requestValidationPipe,
  ValidationFailedError,
} from './http/request-validation.js';
export { DomainErrorFilter } from './http/domain-error.filter.js';
export { JsonBodyGuard } from './http/json-body.guard.js';
export type { ErrorBody } from './http/http-error.js';
export { ConsistencyParams } from './consistency/consistency.params.js';
export {
  IntegrationEvent,
  type IntegrationEventClass,
  type IntegrationMessage,
  type JsonSchema,
} from './integration/integration-event.js';
export { IntegrationMapping } from './integration/integration-mapping.js';
export { RecentValues } from './integration/recent-values.js';
export { JetStreamConsumer } from './integration/jetstream-consumer.js';
export { InboundRuntime } from './integration/inbound-runtime.js';
export { DONE, type InboundMessage, type InboundOutcome, refused } from './integration/inbound-message.js';
export { NatsIntegrationModule, type NatsIntegrationOptions } from './integration/nats-integration.module.js';
export {
  type AsyncApiSource,
  asyncApiDocument,
  type InboundContract,
} from './integration/asyncapi-document.js';
