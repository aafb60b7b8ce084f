package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One {@code chatvla} invocation in-process: exit code, stdout lines, stderr text. */
record CliRun(int exitCode, List<String> out, String err) {
  static CliRun of(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new CliRun(code, out.toString().lines().toList(), err.toString());
  }

  /** The number after {@code prefix} on the line that starts with it. */
  long number(String prefix) {
    String line = out.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in " + out));
    return Long.parseLong(line.substring(prefix.length()).strip().split("\\s+")[0]);
  }
}
