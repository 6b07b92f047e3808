import type { CommandModule } from 'yargs';

/** What the `schema` handler calls. */
export type SchemaPrinter = () => Promise<void>;

export function schemaCommand(print: SchemaPrinter): CommandModule {
  return {
    command: 'schema',
    describe: 'Print the JSON Schema of recipe files (for "$schema" in a recipe, and editors)',
    handler: () => print(),
  };
}
