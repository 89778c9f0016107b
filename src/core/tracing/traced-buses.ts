import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../context/command-context.js';
import { CqrsAttributes, inSpan } from './tracer.js';

interface Bus {
  execute(message: object, ...rest: unknown[]): Promise<unknown>;
}

/**
 * One span per command and per query, at the buses themselves, so that whoever sends one (a
 * controller, a saga, a host application) gets it: `handle <CommandClass>` / `handle <QueryClass>`.
 * The repositories add the aggregate's id and versions to the command's span (CommandTransactions).
 */
@Injectable()
export class TracedBuses implements OnModuleInit {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  onModuleInit(): void {
    this.wrap(this.commandBus as unknown as Bus, CqrsAttributes.COMMAND_TYPE);
    this.wrap(this.queryBus as unknown as Bus, CqrsAttributes.QUERY_TYPE);
  }

  private wrap(bus: Bus, typeAttribute: string): void {
    const execute = bus.execute.bind(bus);
    bus.execute = (message, ...rest) => {
      const type = message.constructor.name;
      return inSpan(`handle ${type}`, {}, async (span) => {
        if (span.isRecording()) {
          span.setAttribute(typeAttribute, type);
          const correlationId = CommandContext.active()?.correlationId;
          if (correlationId) span.setAttribute(CqrsAttributes.CORRELATION_ID, correlationId);
        }
        const result = await execute(message, ...rest);
        span.setAttribute(CqrsAttributes.OUTCOME, 'ok');
        return result;
      });
    };
  }
}
