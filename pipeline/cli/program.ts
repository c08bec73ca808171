import { Command, CommanderError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { DEFAULT_CONCURRENCY } from "../ingest-pool.js";
import { DEFAULT_LIMITS } from "../limits.js";
import {
  DEBUG,
  DIFF,
  HELP_COMMAND,
  HELP_OPTION,
  HELP_TITLES,
  INGEST,
  PROGRAM_DESCRIPTION,
  SCHEMA,
  USAGE,
  VALIDATE,
  VERSION_OPTION,
} from "../messages/cli.js";
import { CORPUS } from "../messages/corpus.js";
import { printable } from "../printable.js";
import { CONTRACT_SCHEMA_NAMES, type ContractSchemaName } from "../schema/contract-names.js";
import { corpusExportCommand, corpusIngestCommand } from "./corpus.js";
import { debugCommand } from "./debug.js";
import { diffCommand, schemaCommand, validateCommand } from "./documents.js";
import { type IngestOptions, ingestCommand } from "./ingest.js";
import { reasonOf } from "./json-input.js";
import { positiveInteger, UsageError } from "./usage-error.js";

/**
 * The command line, parsed by commander: help and version at the top and for each command, every
 * usage error said in Italian with the command's usage and exit 2. Commander writes its help; its
 * error messages (English) are told by their code and said again from pipeline/messages/cli.ts.
 */

const collect = (value: string, previous: string[] = []) => [...previous, value];

function schemaName(value: string): ContractSchemaName {
  const name = CONTRACT_SCHEMA_NAMES.find((n) => n === value);
  if (!name) throw new UsageError(USAGE.unknownSchema(value, CONTRACT_SCHEMA_NAMES));
  return name;
}

function numberOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser(positiveInteger(flags.split(" ")[0] ?? flags));
}

/** `ingest`'s options as commander gives them: `--out`, or `--corpus` with what goes with it. */
type IngestCommandOptions = Omit<IngestOptions, "out"> & {
  out?: string;
  corpus?: string;
  chamber?: string;
  corpusVersion?: string;
};

interface CommandTexts {
  readonly summary: string;
  readonly description: string;
  readonly usage: string;
}

/** The program; `setExit` receives the exit status a command's action decided. */
function buildProgram(setExit: (status: number) => void): Command {
  const root = new Command("annex")
    .description(PROGRAM_DESCRIPTION)
    .usage("<comando> [opzioni]")
    .helpOption("-h, --help", HELP_OPTION)
    .helpCommand("help [comando]", HELP_COMMAND)
    .configureHelp({
      styleTitle: (title) => HELP_TITLES[title] ?? title,
      // Commander's own would add "[options]"; each command's usage says its options in Italian.
      subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`,
    })
    // Errors are said by main(), in Italian, from the error's code.
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError()
    .exitOverride();
  // Subcommands inherit help, output and error handling from `root`, but not the version.
  const command = (name: string, { summary, description, usage }: CommandTexts) =>
    root
      .command(name)
      .summary(summary)
      .description(description)
      .usage(usage)
      .version(packageJson.version, "-V, --version", VERSION_OPTION);
  root.version(packageJson.version, "-V, --version", VERSION_OPTION);

  command("ingest", INGEST)
    .argument("<documento...>", INGEST.inputs)
    .option("--out <cartella>", INGEST.out)
    .option("--corpus <cartella>", CORPUS.options.corpus)
    .option("--chamber <nome>", CORPUS.options.chamber)
    .option("--corpus-version <versione>", CORPUS.options.corpusVersion)
    .option("--previous <hierarchy.json>", INGEST.previous)
    .option("--overrides <file>", INGEST.overrides)
    .addOption(numberOption("--concurrency <n>", INGEST.concurrency(DEFAULT_CONCURRENCY)))
    .option("--summary-json <file>", INGEST.summaryJson)
    .option("--include <modello>", INGEST.include, collect)
    .option("--exclude <modello>", INGEST.exclude, collect)
    .option("--accept-invalid-signature", INGEST.acceptInvalidSignature)
    .option("--trust <pem>", INGEST.trust)
    .option("--accept-unreliable", INGEST.acceptUnreliable)
    .option("--no-pictures", INGEST.noPictures)
    .addOption(numberOption("--max-bytes <n>", INGEST.maxBytes(DEFAULT_LIMITS.maxBytes)))
    .addOption(numberOption("--max-pages <n>", INGEST.maxPages(DEFAULT_LIMITS.maxPages)))
    .addOption(numberOption("--timeout-ms <n>", INGEST.timeoutMs(DEFAULT_LIMITS.timeoutMs)))
    .addOption(numberOption("--max-memory-mb <n>", INGEST.maxMemoryMb(DEFAULT_LIMITS.maxMemoryMb)))
    .action(async (inputs: string[], options: IngestCommandOptions) => {
      const { out, corpus, chamber, corpusVersion, ...rest } = options;
      if (corpus !== undefined) {
        if (out !== undefined) throw new UsageError(CORPUS.outAndCorpus);
        return setExit(await corpusIngestCommand(inputs, { ...rest, corpus, chamber, corpusVersion }));
      }
      if (chamber !== undefined || corpusVersion !== undefined) throw new UsageError(CORPUS.corpusOnly);
      if (out === undefined) throw new UsageError(CORPUS.outOrCorpus);
      setExit(await ingestCommand(inputs, { ...rest, out }));
    });

  command("corpus", { summary: CORPUS.summary, description: CORPUS.summary, usage: "export [opzioni]" })
    .command("export")
    .description(CORPUS.options.exportSummary)
    .usage(CORPUS.options.exportUsage)
    .requiredOption("--corpus <cartella>", CORPUS.options.exportCorpus)
    .requiredOption("--sqlite <file>", CORPUS.options.exportSqlite)
    .action(async (options: { corpus: string; sqlite: string }) =>
      setExit(await corpusExportCommand(options)),
    );

  command("diff", DIFF)
    .argument("<vecchia>", DIFF.old)
    .argument("<nuova>", DIFF.new)
    .option("--json", DIFF.json)
    .action(async (oldFile: string, newFile: string, options: { json?: boolean }) =>
      setExit(await diffCommand(oldFile, newFile, options)),
    );

  command("validate", VALIDATE)
    .argument("<file>", VALIDATE.file)
    .option("--schema <nome>", VALIDATE.schema(CONTRACT_SCHEMA_NAMES, "hierarchy"), schemaName)
    .action(async (file: string, options: { schema?: ContractSchemaName }) =>
      setExit(await validateCommand(file, options)),
    );

  command("schema", SCHEMA)
    .argument("[nome]", SCHEMA.name(CONTRACT_SCHEMA_NAMES, "hierarchy"), schemaName)
    .option("--out <cartella>", SCHEMA.out)
    .action(async (name: ContractSchemaName | undefined, options: { out?: string }) =>
      setExit(await schemaCommand(name, options)),
    );

  command("debug", DEBUG)
    .argument("<pdf>", DEBUG.pdf)
    .requiredOption("--out <cartella>", DEBUG.out)
    .addOption(numberOption("--page <n>", DEBUG.page))
    .action(async (file: string, options: { out: string; page?: number }) =>
      setExit(await debugCommand(file, options)),
    );
  return root;
}

/** A commander error said in Italian: its code tells which, the quoted name in its message what. */
function commanderMessage(error: CommanderError): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  const suggested = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const suggestion = suggested ? USAGE.suggestion(suggested) : "";
  switch (error.code) {
    case "commander.unknownCommand":
      return USAGE.unknownCommand(quoted) + suggestion;
    case "commander.unknownOption":
      return USAGE.unknownOption(quoted) + suggestion;
    case "commander.missingArgument":
      return USAGE.missingArgument(quoted);
    case "commander.optionMissingArgument":
      return USAGE.missingOptionValue(quoted);
    case "commander.missingMandatoryOptionValue":
      return USAGE.missingOption(quoted);
    case "commander.excessArguments": {
      const [, expected = "0", received = "0"] = /Expected (\d+) .* got (\d+)/.exec(error.message) ?? [];
      return USAGE.tooManyArguments(Number(expected), Number(received));
    }
    default:
      return error.message.replace(/^error: /, "");
  }
}

/** A usage error: the reason, the command's usage and where its help is; exit 2. */
function usageError(message: string, command: Command): number {
  const path = [command.parent?.name(), command.name()].filter(Boolean).join(" ");
  process.stderr.write(`${printable(message)}\n${USAGE.seeHelp(path, command.usage())}\n`);
  return 2;
}

export async function main(argv: readonly string[]): Promise<number> {
  let status = 0;
  const root = buildProgram((s) => {
    status = s;
  });
  // The command being parsed, for a usage error to show its usage.
  let current = root;
  root.hook("preSubcommand", (_, sub) => {
    current = sub;
  });
  try {
    await root.parseAsync([...argv], { from: "user" });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      // `annex help <command>` (0), or `annex` alone: commander has written the help on stderr (2).
      if (error.code === "commander.help") return error.exitCode === 0 ? 0 : 2;
      return usageError(commanderMessage(error), current);
    }
    if (error instanceof UsageError) return usageError(error.message, current);
    process.stderr.write(`${printable(reasonOf(error))}\n`);
    return 1;
  }
}
