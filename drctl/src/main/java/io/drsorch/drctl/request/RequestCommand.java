package io.drsorch.drctl.request;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.KafkaOptions;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.Requester;
import io.drsorch.drctl.plans.DefinitionFile;
import io.drsorch.drctl.plans.GroupFiles;
import io.drsorch.drctl.plans.PlanCommand;
import io.drsorch.planmodel.records.ExecutionSnapshots;
import io.drsorch.planmodel.records.PlanDrafts;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.ProtectionGroups;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drctl request}: an {@code ExecutionRequested} produced straight to {@code
 * drs.execution-requests}, for teams that integrate through Kafka rather than the REST API. The
 * plan file is validated and frozen by plan-model, the code plan-service runs, so the scheduler
 * cannot tell the request from one the service made; it still validates the request itself on
 * admission.
 */
@Command(
    name = "request",
    mixinStandardHelpOptions = true,
    description = "Produce an ExecutionRequested for a plan file directly to Kafka.")
public final class RequestCommand implements Callable<Integer> {

  private final Io io;

  @Mixin KafkaOptions kafka;
  @Mixin OutputOption output;

  @Option(names = "--plan-file", required = true, paramLabel = "FILE")
  Path planFile;

  @Option(
      names = {"-g", "--group-file"},
      paramLabel = "FILE",
      description = "a protection group file the plan names (repeatable)")
  List<Path> groupFiles;

  @Option(names = "--mode", required = true, description = "DRILL or RECOVERY")
  ExecutionMode mode;

  @Option(
      names = {"-y", "--yes"},
      description = "do not ask before a RECOVERY")
  boolean yes;

  @Mixin Requester requester;

  public RequestCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    DefinitionFile file = PlanCommand.definitions(ProtectionGroups.none()).read(planFile);
    GroupFiles groups = GroupFiles.read(groupFiles);
    List<ValidationError> errors = PlanCommand.definitions(groups.lookup()).errors(file);
    if (!errors.isEmpty()) {
      throw file.invalid(errors);
    }
    if (mode == ExecutionMode.RECOVERY && !yes) {
      throw new CliException(
          "--mode RECOVERY launches real recovery instances: pass --yes to confirm");
    }
    PlanDraft draft = file.draft(PlanDraft.class);
    Instant now = Instant.now();
    RecoveryPlan plan = PlanDrafts.toRecord(file.id(), draft, file.version(), now);
    String executionId = UUID.randomUUID().toString();
    ExecutionRequested request =
        ExecutionSnapshots.freeze(
            plan,
            groups::find,
            mode,
            requester.forKafka(kafka.common()),
            UUID.randomUUID().toString(),
            executionId,
            now);
    RecordMetadata written = produce(request);
    if (output.json()) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("executionId", executionId);
      answer.put("requestId", request.getId());
      answer.put("topic", written.topic());
      answer.put("partition", written.partition());
      answer.put("offset", written.offset());
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .printf(
              "%s of plan %s requested on %s (partition %d, offset %d): execution %s%n",
              mode, file.id(), written.topic(), written.partition(), written.offset(), executionId);
    }
    return ExitCodes.OK;
  }

  /** Written once the broker acknowledged it on every in-sync replica, or an error. */
  private RecordMetadata produce(ExecutionRequested request) {
    Topic<ExecutionRequested> topic = Topic.bind(Topics.EXECUTION_REQUESTS, kafka.registry());
    Properties props = kafka.common();
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.block.ms", "20000");
    props.put("delivery.timeout.ms", "30000");
    try (KafkaProducer<String, ExecutionRequested> producer =
        new KafkaProducer<>(props, topic.key().serializer(), topic.value().serializer())) {
      return producer
          .send(new ProducerRecord<>(topic.name(), request.getPlanId(), request))
          .get(40, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CliException(
          "Kafka at " + kafka.bootstrapServers() + " did not take the request: " + e.getCause());
    } catch (TimeoutException e) {
      throw new CliException("Kafka at " + kafka.bootstrapServers() + " did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    } catch (RuntimeException e) {
      throw new CliException("cannot produce to " + topic.name() + ": " + e.getMessage());
    }
  }
}
