package dev.dbconn.jpa;

import dev.dbconn.testsupport.RunNames;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/** Tables of this run only on the shared servers: the entity's name with the run's id. */
public class RunNamedTables extends PhysicalNamingStrategyStandardImpl {

	@Override
	public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment context) {
		return Identifier.toIdentifier(RunNames.of("dbconn_jpa_" + logicalName.getText().toLowerCase()));
	}

}
