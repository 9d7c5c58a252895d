package org.medledger.identity.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileConstraintsTests {

    private static final Pattern NAME = Pattern.compile(ProfileConstraints.NAME);
    private static final Pattern PHONE = Pattern.compile(ProfileConstraints.PHONE);
    private static final Pattern EMAIL = Pattern.compile(ProfileConstraints.EMAIL);
    private static final Pattern ADDRESS = Pattern.compile(ProfileConstraints.ADDRESS);

    @ParameterizedTest
    @ValueSource(strings = {"1 Main Street, Springfield", " 2 Hospital Road ", "x", "Flat 3\u00a0B"})
    void address_printableTextWithSomethingButSpaces_accepted(String address) {
        assertThat(ADDRESS.matcher(address).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\u00a0", "\u2003 \u3000", "line\nbreak", "tab\there"})
    void address_blankOrControlCharacters_refused(String address) {
        assertThat(ADDRESS.matcher(address).matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ada Lovelace", "Mary-Jane O'Neil", "J. R. R. Tolkien", "Zoë Łukasiewicz", "José María",
            "Nguyễn Văn An", "Sinéad O\u2019Connor", "Cher", "李小龙", "Jean-Luc Picard"})
    void name_realNames_accepted(String name) {
        assertThat(NAME.matcher(name).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"R2 D2", "<script>", "Bobby\"; drop", "a{b}", " leading", "-dash", "x/y", "semi;colon", "${jndi}"})
    void name_digitsMarkupOrKeycloakProhibitedCharacters_refused(String name) {
        assertThat(NAME.matcher(name).matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 20 7946 0000", "020 7946 0000", "(020) 7946-0000", "+1.555.010.0200", "123456",
            "+123456789012345"})
    void phone_commonFormats_accepted(String phone) {
        assertThat(PHONE.matcher(phone).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "+1234567890123456", "call me", "+44 20 7946 000x", "++4420794600", "--123456",
            "123456 ", "+"})
    void phone_tooShortTooLongOrNotDigits_refused(String phone) {
        assertThat(PHONE.matcher(phone).matches()).isFalse();
    }

    @Test
    void normalizePhone_keepsPlusAndDigits() {
        assertThat(ProfileConstraints.normalizePhone(" +44 (20) 7946-0000 ")).isEqualTo("+442079460000");
        assertThat(ProfileConstraints.normalizePhone("020 7946 0000")).isEqualTo("02079460000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"paula@example.org", "p.q+tag@sub.example.co.uk"})
    void email_wellFormed_accepted(String email) {
        assertThat(EMAIL.matcher(email).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"paula@localhost", "paula.example.org", "a@b.", "a b@example.org"})
    void email_withoutDomainDotOrAt_refused(String email) {
        assertThat(EMAIL.matcher(email).matches()).isFalse();
    }

    @Test
    void personName_splitsAtTheLastWordAndKeepsOneWordNamesInBothFields() {
        assertThat(PersonName.of("  Mary   Jane  Watson ")).isEqualTo(new PersonName("Mary Jane", "Watson"));
        assertThat(PersonName.of("Cher")).isEqualTo(new PersonName("Cher", "Cher"));
    }

    @Test
    void birthDate_todayInTheFurthestZoneValid_tomorrowThereAndBefore1900Invalid() {
        BirthDate.Validator validator = new BirthDate.Validator();
        LocalDate todayThere = LocalDate.now(ZoneOffset.ofHours(14));

        assertThat(validator.isValid(todayThere, null)).isTrue();
        assertThat(validator.isValid(null, null)).isTrue();
        assertThat(validator.isValid(LocalDate.of(1900, 1, 1), null)).isTrue();
        assertThat(validator.isValid(todayThere.plusDays(1), null)).isFalse();
        assertThat(validator.isValid(LocalDate.of(1899, 12, 31), null)).isFalse();
    }

    @Test
    void role_primaryOf_prefersAdminThenAuditorThenDoctorThenPatient() {
        assertThat(Role.primaryOf(java.util.Set.of("patient", "doctor"))).contains(Role.DOCTOR);
        assertThat(Role.primaryOf(java.util.Set.of("auditor", "admin"))).contains(Role.ADMIN);
        assertThat(Role.primaryOf(java.util.Set.of("offline_access"))).isEmpty();
    }
}
