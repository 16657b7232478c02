package io.drsorch.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {

  @Test
  void given250Servers_whenChunkedBy100_thenThreeChunksInOrder() {
    // given
    List<String> servers = IntStream.range(0, 250).mapToObj(i -> "s-" + i).toList();
    // when
    List<List<String>> chunks = Chunks.of(servers, 100);
    // then
    assertThat(chunks).extracting(List::size).containsExactly(100, 100, 50);
    assertThat(chunks.get(2).get(49)).isEqualTo("s-249");
  }

  @Test
  void givenChunkTag_whenRead_thenZeroBasedIndex() {
    // given a job tagged as the second of three chunks
    // when
    int index = JobTags.chunkIndex(java.util.Map.of(JobTags.CHUNK, "2/3"));
    // then
    assertThat(index).isEqualTo(1);
  }
}
