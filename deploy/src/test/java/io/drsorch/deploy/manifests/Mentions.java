package io.drsorch.deploy.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a setting's value names: addresses (whose ports and paths must be those of the service
 * called) and Kafka topics (which must be in the catalogue). A value is free text, a URL, a list or
 * a regular expression, so these are found by pattern rather than parsed.
 */
final class Mentions {

  /** An address in a setting's value: its host and port. */
  private static final Pattern URL =
      Pattern.compile("(?:https?://)?([a-z0-9][a-z0-9.-]*):(\\d{2,5})(/[^\\s,'\"]*)?");

  /** A topic name in a value: drs. and lower-case words, not a part of a longer DNS name. */
  private static final Pattern TOPIC_MENTION =
      Pattern.compile("(?<![A-Za-z0-9_.-])drs\\.[a-z0-9]+(?:[.-][a-z0-9]+)*");

  /** host:port[/path] in a text, with or without a scheme. */
  record Address(String host, int port, String path) {}

  static Stream<Address> urls(String text) {
    if (text == null) {
      return Stream.empty();
    }
    List<Address> found = new ArrayList<>();
    Matcher url = URL.matcher(text);
    while (url.find()) {
      found.add(
          new Address(
              url.group(1),
              Integer.parseInt(url.group(2)),
              url.group(3) == null ? "" : url.group(3)));
    }
    return found.stream();
  }

  static Stream<String> topicMentions(String value) {
    if (value == null) {
      return Stream.empty();
    }
    List<String> found = new ArrayList<>();
    Matcher topic = TOPIC_MENTION.matcher(value.replace("\\.", "."));
    while (topic.find()) {
      found.add(topic.group());
    }
    return found.stream();
  }

  private Mentions() {}
}
