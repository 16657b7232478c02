package io.drsorch.simulator.ssm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The automation documents the simulated SSM can run, each with every version it has had. They are
 * visible in every account and region, as AWS's own runbooks are: a test defines a document once,
 * whatever credentials and region its callers use. Each definition is a new version that becomes
 * the default and the latest, as an UpdateDocument followed by UpdateDocumentDefaultVersion would;
 * earlier versions keep their behaviour, so an execution that names one runs that one.
 */
public final class AutomationDocuments {

  /** The model's {@code DocumentVersion}: {@code $DEFAULT}, {@code $LATEST} or a number. */
  static final Pattern VERSION = Pattern.compile("([$]LATEST|[$]DEFAULT|[1-9][0-9]*)");

  private final Map<String, List<AutomationDocument>> versions = new TreeMap<>();

  /**
   * Defines {@code name} anew, as version 1 of a new document or the next version of a known one;
   * answers the version created.
   */
  public synchronized AutomationDocument define(
      String name,
      AutomationOutcome outcome,
      Duration duration,
      String failureMessage,
      Map<String, List<String>> outputs) {
    // Built before anything is stored, so that a definition refused here leaves no trace.
    List<AutomationDocument> history = versions.getOrDefault(name, List.of());
    AutomationDocument document =
        new AutomationDocument(
            name, history.size() + 1, outcome, duration, failureMessage, outputs);
    versions.computeIfAbsent(name, n -> new ArrayList<>()).add(document);
    return document;
  }

  /** The latest version of every document, by name. */
  public synchronized List<AutomationDocument> latest() {
    return versions.values().stream().map(history -> history.get(history.size() - 1)).toList();
  }

  /**
   * The version an execution runs: the latest (which is also the default) when {@code version} is
   * empty, {@code $DEFAULT} or {@code $LATEST}, else the numbered one.
   *
   * @throws SsmError AutomationDefinitionNotFoundException for an unknown document,
   *     AutomationDefinitionVersionNotFoundException for an unknown version of a known one
   */
  synchronized AutomationDocument resolve(String name, Optional<String> version) {
    List<AutomationDocument> history = versions.get(name);
    if (history == null) {
      throw SsmError.definitionNotFound(name);
    }
    if (version.isEmpty() || version.get().startsWith("$")) {
      return history.get(history.size() - 1);
    }
    int number;
    try {
      number = Integer.parseInt(version.get());
    } catch (NumberFormatException e) {
      throw SsmError.definitionVersionNotFound(name, version.get());
    }
    if (number < 1 || number > history.size()) {
      throw SsmError.definitionVersionNotFound(name, version.get());
    }
    return history.get(number - 1);
  }
}
