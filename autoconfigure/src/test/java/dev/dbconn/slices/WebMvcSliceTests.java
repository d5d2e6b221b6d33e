package dev.dbconn.slices;

import javax.sql.DataSource;

import dev.dbconn.web.UnitOfWorkFilter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WebMvcTest} with MockMvc: the slice has no DataSource, and dbconn is not in it; the
 * starter on the class path neither needs one nor gets in the way.
 */
@WebMvcTest(properties = "spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
		+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
		+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
		+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@Import(WebMvcSliceTests.PingController.class)
class WebMvcSliceTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Test
	void theControllerAnswersWithoutDataSourceOrDbconn() throws Exception {
		this.mvc.perform(get("/ping")).andExpect(status().isOk()).andExpect(content().string("pong"));
		assertThat(this.context.getBeanNamesForType(DataSource.class)).as("DataSources").isEmpty();
		assertThat(this.context.getBeanProvider(FilterRegistrationBean.class)
			.stream()
			.map(FilterRegistrationBean::getFilter)
			.filter(UnitOfWorkFilter.class::isInstance)).as("dbconn's request filter").isEmpty();
		assertThat(this.context.getBeansOfType(UnitOfWorkFilter.class)).isEmpty();
	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

}
