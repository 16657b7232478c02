package io.drsorch.plans.kafka;

/** Kafka or the schema registry did not do what was asked in time: the client may retry. */
public class KafkaUnavailableException extends RuntimeException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public KafkaUnavailableException(String message) {
    super(message);
  }
}
