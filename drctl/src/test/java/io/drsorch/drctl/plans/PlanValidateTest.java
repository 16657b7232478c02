package io.drsorch.drctl.plans;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.drctl.cli.Captured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drctl plan validate}: the service's own rules, offline, with the file and field path. */
class PlanValidateTest {

  private static final String DB = "s-0000000000000000a";
  private static final String APP = "s-0000000000000000b";

  @TempDir Path dir;

  @Test
  void givenValidYamlPlan_whenValidated_thenValid() throws IOException {
    // given
    Path plan =
        write(
            "ok.yaml",
            """
            planId: three-tier
            name: Three tier
            waves:
              - {id: db, region: us-east-1, sourceServerIds: [%s]}
              - {id: app, region: us-east-1, sourceServerIds: [%s], dependsOn: [db]}
            """
                .formatted(DB, APP));

    // when
    Captured result = Captured.run("plan", "validate", "-f", plan.toString());

    // then
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("plan three-tier is valid");
  }

  @Test
  void givenCycle_whenValidated_thenTheCycleIsNamedWithItsPath() throws IOException {
    Captured result =
        validate(
            """
            {"planId": "p", "name": "n", "waves": [
              {"id": "db", "region": "us-east-1", "sourceServerIds": ["%s"], "dependsOn": ["app"]},
              {"id": "app", "region": "us-east-1", "sourceServerIds": ["%s"], "dependsOn": ["db"]}]}
            """
                .formatted(DB, APP));

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("waves[").contains("db -> app -> db");
  }

  @Test
  void givenEachKindOfBadPlan_whenValidated_thenOneLinePerErrorNamingFileAndFieldPath()
      throws IOException {
    assertThat(bad("\"dependsOn\": [\"nope\"]", "").err())
        .contains("bad.json: waves[0].dependsOn[0]: ");
    assertThat(bad("\"dependsOn\": [\"db\"]", "").err())
        .contains("bad.json: waves[0].dependsOn[0]: ");
    assertThat(
            bad(
                    "",
                    ", {\"id\": \"x\", \"region\": \"us-east-1\", \"sourceServerIds\": [\""
                        + DB
                        + "\"]}")
                .err())
        .contains("bad.json: waves[1].sourceServerIds[0]: ");
    assertThat(validate(plan("\"sourceServerIds\": []")).err())
        .contains("bad.json: waves[0].sourceServerIds: ");
    assertThat(validate(plan("\"sourceServerIds\": [\"i-123\"]")).err())
        .contains("bad.json: waves[0].sourceServerIds[0]: ");
    assertThat(validate(plan("\"sourceServerIds\": [\"" + DB + "\"], \"dependOn\": []")).err())
        .contains("bad.json: ")
        .contains("unknown field 'dependOn'");
  }

  @Test
  void givenBadPlan_whenValidatedForScripts_thenJsonVerdictWithEveryErrorAndExitOne()
      throws Exception {
    Captured result =
        Captured.run(
            "plan",
            "validate",
            "-o",
            "json",
            "-f",
            write("bad.json", plan("\"sourceServerIds\": [\"i-1\"], \"dependsOn\": [\"db\"]"))
                .toString());

    com.fasterxml.jackson.databind.JsonNode verdict =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.out());
    assertThat(result.code()).isEqualTo(1);
    assertThat(verdict.path("valid").asBoolean()).isFalse();
    assertThat(verdict.path("errors")).hasSize(2);
    assertThat(verdict.path("errors").toString())
        .contains("waves[0].sourceServerIds[0]")
        .contains("waves[0].dependsOn[0]");
  }

  @Test
  void givenMissingOrMalformedPlanId_whenValidated_thenSaysSo() throws IOException {
    Path noId = write("noid.yaml", "name: n\nwaves: []\n");
    Path badId = write("badid.yaml", "planId: 'no spaces'\nname: n\n");

    assertThat(Captured.run("plan", "validate", "-f", noId.toString()).err())
        .contains("planId is required");
    assertThat(Captured.run("plan", "validate", "-f", badId.toString()).err())
        .contains("malformed plan id 'no spaces'");
  }

  @Test
  void givenPlanNamingAGroup_whenValidatedWithAndWithoutItsFile_thenOnlyWithItIsItValid()
      throws IOException {
    // given
    Path group =
        write(
            "db-group.yaml",
            "groupId: db-servers\nname: Databases\nregion: us-east-1\nsourceServerIds: ["
                + DB
                + "]\n");
    Path plan =
        write(
            "grouped.yaml",
            "planId: p\nname: n\nwaves:\n  - {id: db, region: us-east-1, protectionGroupId: db-servers}\n");

    // when
    Captured without = Captured.run("plan", "validate", "-f", plan.toString());
    Captured with = Captured.run("plan", "validate", "-f", plan.toString(), "-g", group.toString());

    // then
    assertThat(without.code()).isEqualTo(1);
    assertThat(without.err()).contains("waves[0].protectionGroupId: ");
    assertThat(with.code()).isZero();
  }

  @Test
  void givenMissingFileOrMalformedYaml_whenValidated_thenOneClearLineAndNoStackTrace()
      throws IOException {
    Path broken = write("broken.yaml", "planId: p\nwaves: [\n");

    Captured missing = Captured.run("plan", "validate", "-f", dir.resolve("nope.yaml").toString());
    Captured malformed = Captured.run("plan", "validate", "-f", broken.toString());

    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file").doesNotContain("Exception");
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).contains("malformed YAML").doesNotContain("\tat ");
  }

  private Captured bad(String firstWaveExtra, String moreWaves) throws IOException {
    return validate(
        """
        {"planId": "p", "name": "n", "waves": [
          {"id": "db", "region": "us-east-1", "sourceServerIds": ["%s"]%s}%s]}
        """
            .formatted(DB, firstWaveExtra.isEmpty() ? "" : ", " + firstWaveExtra, moreWaves));
  }

  private static String plan(String firstWave) {
    return "{\"planId\": \"p\", \"name\": \"n\", \"waves\": [{\"id\": \"db\", \"region\":"
        + " \"us-east-1\", "
        + firstWave
        + "}]}";
  }

  private Captured validate(String json) throws IOException {
    return Captured.run("plan", "validate", "-f", write("bad.json", json).toString());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
