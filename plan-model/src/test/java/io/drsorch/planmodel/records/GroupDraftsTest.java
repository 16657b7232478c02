package io.drsorch.planmodel.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ProtectionGroup;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupDraftsTest {

  private static final String ROLE = "arn:aws:iam::111122223333:role/DrsOrchestrator";

  @Test
  void givenAGroupWithARoleButNoAccount_whenStored_thenTheRecordNamesTheRolesAccount() {
    // given
    ProtectionGroupDraft draft =
        new ProtectionGroupDraft("db", "us-east-1", List.of("s-1234567890abcdef0"), null, ROLE);

    // when
    ProtectionGroup group = GroupDrafts.toRecord("db-group", draft, 3, Instant.EPOCH);

    // then
    assertThat(group.getGroupId()).isEqualTo("db-group");
    assertThat(group.getAccountId()).isEqualTo("111122223333");
    assertThat(group.getRoleArn()).isEqualTo(ROLE);
    assertThat(group.getVersion()).isEqualTo(3);
    assertThat(GroupDrafts.ref(group).sourceServerIds()).containsExactly("s-1234567890abcdef0");
  }
}
