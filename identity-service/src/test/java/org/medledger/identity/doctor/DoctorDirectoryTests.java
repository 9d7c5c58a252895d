package org.medledger.identity.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.data.domain.Sort;

class DoctorDirectoryTests {

    @Test
    void sortOf_nameOrSpecializationWithDirection_userIdBreaksTies() {
        assertThat(DoctorDirectory.sortOf(null)).isEqualTo(Sort.by("nameKey", "userId"));
        assertThat(DoctorDirectory.sortOf("name,desc")).isEqualTo(Sort.by(Sort.Direction.DESC, "nameKey").and(Sort.by("userId")));
        assertThat(DoctorDirectory.sortOf(" Specialization , ASC ").getOrderFor("specialization").getDirection())
                .isEqualTo(Sort.Direction.ASC);
    }

    @Test
    void sortOf_otherFieldsOrDirections_invalidRequest() {
        for (String sort : new String[] {"email", "dateOfBirth", "name,sideways", "name,asc,desc"}) {
            assertThatThrownBy(() -> DoctorDirectory.sortOf(sort)).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void literal_regexMetacharacters_matchThemselvesOnly() {
        String needle = "a.b*c(d)[e]{f}|g^h$i+j?k\\l";
        Pattern pattern = Pattern.compile(DoctorDirectory.literal(needle));

        assertThat(pattern.matcher("x" + needle + "y").find()).isTrue();
        assertThat(pattern.matcher("aXb").find()).isFalse();
    }
}
