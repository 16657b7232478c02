package io.drsorch.schemas.runtime;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * One line saying why a service could not use Kafka at start, naming the settings to look at: the
 * usual causes are a cluster that asks for TLS or SASL while the service speaks plain Kafka (the
 * broker just drops the connection, so the client only ever times out), a wrong login, and missing
 * ACLs.
 */
public final class KafkaTrouble {

  private KafkaTrouble() {}

  public static String explain(String bootstrapServers, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SaslAuthenticationException) {
        return "Kafka at "
            + bootstrapServers
            + " refused the login ("
            + t.getMessage()
            + "): check the user and password in kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG)"
            + " and kafka.sasl.mechanism (KAFKA_SASL_MECHANISM)";
      }
      if (t instanceof SslAuthenticationException) {
        return "no TLS session with Kafka at "
            + bootstrapServers
            + " ("
            + t.getMessage()
            + "): check kafka.ssl.truststore.location (KAFKA_SSL_TRUSTSTORE_LOCATION) and"
            + " kafka.ssl.truststore.password (KAFKA_SSL_TRUSTSTORE_PASSWORD)";
      }
      if (t instanceof AuthorizationException) {
        return "Kafka at "
            + bootstrapServers
            + " does not allow this service what it needs ("
            + t.getMessage()
            + "): grant its principal the ACLs listed in"
            + " deploy/src/main/java/io/drsorch/deploy/secure/KafkaAcls.java";
      }
    }
    return "cannot use Kafka at "
        + bootstrapServers
        + " ("
        + failure.getCause()
        + "): is it"
        + " running there? If the cluster requires TLS or SASL, set kafka.security.protocol"
        + " (KAFKA_SECURITY_PROTOCOL), kafka.sasl.mechanism (KAFKA_SASL_MECHANISM),"
        + " kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) and kafka.ssl.truststore.location"
        + " (KAFKA_SSL_TRUSTSTORE_LOCATION)";
  }
}
