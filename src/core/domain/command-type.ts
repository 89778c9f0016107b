/**
 * A command class with its stable type name, declared by hand like an event's
 * (`static readonly type = 'ReserveStockCommand'`): a command a saga sends is fingerprinted by it,
 * so that renaming the class or moving its file changes nothing recorded. See
 * docs/decisions/0155-refusals-as-domain-data-and-command-fingerprints.md.
 */
export interface CommandClass {
  readonly type: string;
}

/** The stable type name of a command; a class without its own `static type` is a programming error. */
export function commandTypeOf(command: object): string {
  const commandClass = command.constructor;
  const type: unknown = Object.hasOwn(commandClass, 'type')
    ? (commandClass as unknown as CommandClass).type
    : undefined;
  if (typeof type !== 'string' || type.length === 0) {
    throw new Error(
      `${commandClass.name} has no static type: a command a saga sends needs a stable type name`,
    );
  }
  return type;
}
