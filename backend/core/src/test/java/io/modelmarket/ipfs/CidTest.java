package io.modelmarket.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidTest {
    @Test
    void rejectsWhatIsNotASupportedCid() {
        assertThatThrownBy(() -> Cid.parse("")).hasMessage("empty CID");
        assertThatThrownBy(() -> Cid.parse("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA"))
                .hasMessageContaining("only base32 CIDv1");
        assertThatThrownBy(() -> Cid.parse("bafkrei!"))
                .hasMessageContaining("'!' at 6 is not a base32 character");
        assertThatThrownBy(() -> Cid.parse("bafkreihdwdce"))
                .hasMessageContaining("not a SHA-256 multihash");
        // dag-cbor (0x71) is not a UnixFS codec
        assertThatThrownBy(() -> Cid.parse("bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"))
                .hasMessageContaining("codec 0x71");
        assertThatThrownBy(() -> Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5l"))
                .hasMessageContaining("invalid CID");
    }

    @Test
    void parsesUpperCaseBase32() {
        String cid = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
        assertThat(Cid.parse("b" + cid.substring(1).toUpperCase())).isEqualTo(Cid.parse(cid));
    }

    @Test
    void matchesOnlyTheBytesItNames() {
        Cid cid = UnixFsImporter.cidOf(new byte[] {1, 2, 3});
        assertThat(cid.matches(new byte[] {1, 2, 3})).isTrue();
        assertThat(cid.matches(new byte[] {1, 2, 4})).isFalse();
    }
}
