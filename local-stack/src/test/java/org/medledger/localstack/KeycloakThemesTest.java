package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakThemesTest {

    @TempDir
    Path temp;

    @Test
    void install_copiesTheRepositorysThemes_replacingAnOlderCopy() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path home = temp.resolve("keycloak");
        Path stale = home.resolve("themes/medledger/login/resources/css/removed.css");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "old");

        assertThat(KeycloakThemes.install(repo, home)).contains("medledger");

        Path login = home.resolve("themes/medledger/login");
        assertThat(login.resolve("theme.properties")).content().contains("parent=keycloak.v2");
        assertThat(login.resolve("resources/css/medledger.css")).exists();
        assertThat(stale).doesNotExist();
    }

    @Test
    void install_withoutThemesFolder_installsNothing() {
        assertThat(KeycloakThemes.install(temp, temp.resolve("keycloak"))).isEmpty();
    }
}
