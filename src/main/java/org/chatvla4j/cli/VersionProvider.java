package org.chatvla4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's version and the runtime it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "chatvla4j " + (v == null ? "(dev)" : v),
      "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
    };
  }
}
