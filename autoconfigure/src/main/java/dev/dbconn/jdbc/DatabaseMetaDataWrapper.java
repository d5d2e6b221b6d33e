package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * {@link DatabaseMetaData} handed out by a {@link ConnectionHandle}: reports every
 * {@link SQLException} to the connection and answers {@link #getConnection()} with the handle.
 * <p>
 * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.
 */
final class DatabaseMetaDataWrapper implements DatabaseMetaData {

	private final ConnectionHandle connection;

	private final DatabaseMetaData delegate;

	DatabaseMetaDataWrapper(ConnectionHandle connection, DatabaseMetaData delegate) {
		this.connection = connection;
		this.delegate = delegate;
	}

	@Override
	public boolean allProceduresAreCallable() throws SQLException {
		try {
			return this.delegate.allProceduresAreCallable();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean allTablesAreSelectable() throws SQLException {
		try {
			return this.delegate.allTablesAreSelectable();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getURL() throws SQLException {
		try {
			return this.delegate.getURL();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getUserName() throws SQLException {
		try {
			return this.delegate.getUserName();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		try {
			return this.delegate.isReadOnly();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean nullsAreSortedHigh() throws SQLException {
		try {
			return this.delegate.nullsAreSortedHigh();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean nullsAreSortedLow() throws SQLException {
		try {
			return this.delegate.nullsAreSortedLow();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean nullsAreSortedAtStart() throws SQLException {
		try {
			return this.delegate.nullsAreSortedAtStart();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean nullsAreSortedAtEnd() throws SQLException {
		try {
			return this.delegate.nullsAreSortedAtEnd();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getDatabaseProductName() throws SQLException {
		try {
			return this.delegate.getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getDatabaseProductVersion() throws SQLException {
		try {
			return this.delegate.getDatabaseProductVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getDriverName() throws SQLException {
		try {
			return this.delegate.getDriverName();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getDriverVersion() throws SQLException {
		try {
			return this.delegate.getDriverVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getDriverMajorVersion() {
		return this.delegate.getDriverMajorVersion();
	}

	@Override
	public int getDriverMinorVersion() {
		return this.delegate.getDriverMinorVersion();
	}

	@Override
	public boolean usesLocalFiles() throws SQLException {
		try {
			return this.delegate.usesLocalFiles();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean usesLocalFilePerTable() throws SQLException {
		try {
			return this.delegate.usesLocalFilePerTable();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMixedCaseIdentifiers() throws SQLException {
		try {
			return this.delegate.supportsMixedCaseIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesUpperCaseIdentifiers() throws SQLException {
		try {
			return this.delegate.storesUpperCaseIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesLowerCaseIdentifiers() throws SQLException {
		try {
			return this.delegate.storesLowerCaseIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesMixedCaseIdentifiers() throws SQLException {
		try {
			return this.delegate.storesMixedCaseIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
		try {
			return this.delegate.supportsMixedCaseQuotedIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
		try {
			return this.delegate.storesUpperCaseQuotedIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
		try {
			return this.delegate.storesLowerCaseQuotedIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
		try {
			return this.delegate.storesMixedCaseQuotedIdentifiers();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getIdentifierQuoteString() throws SQLException {
		try {
			return this.delegate.getIdentifierQuoteString();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getSQLKeywords() throws SQLException {
		try {
			return this.delegate.getSQLKeywords();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getNumericFunctions() throws SQLException {
		try {
			return this.delegate.getNumericFunctions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getStringFunctions() throws SQLException {
		try {
			return this.delegate.getStringFunctions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getSystemFunctions() throws SQLException {
		try {
			return this.delegate.getSystemFunctions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getTimeDateFunctions() throws SQLException {
		try {
			return this.delegate.getTimeDateFunctions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getSearchStringEscape() throws SQLException {
		try {
			return this.delegate.getSearchStringEscape();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getExtraNameCharacters() throws SQLException {
		try {
			return this.delegate.getExtraNameCharacters();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsAlterTableWithAddColumn() throws SQLException {
		try {
			return this.delegate.supportsAlterTableWithAddColumn();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsAlterTableWithDropColumn() throws SQLException {
		try {
			return this.delegate.supportsAlterTableWithDropColumn();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsColumnAliasing() throws SQLException {
		try {
			return this.delegate.supportsColumnAliasing();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean nullPlusNonNullIsNull() throws SQLException {
		try {
			return this.delegate.nullPlusNonNullIsNull();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsConvert() throws SQLException {
		try {
			return this.delegate.supportsConvert();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsConvert(int fromType, int toType) throws SQLException {
		try {
			return this.delegate.supportsConvert(fromType, toType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsTableCorrelationNames() throws SQLException {
		try {
			return this.delegate.supportsTableCorrelationNames();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsDifferentTableCorrelationNames() throws SQLException {
		try {
			return this.delegate.supportsDifferentTableCorrelationNames();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsExpressionsInOrderBy() throws SQLException {
		try {
			return this.delegate.supportsExpressionsInOrderBy();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOrderByUnrelated() throws SQLException {
		try {
			return this.delegate.supportsOrderByUnrelated();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsGroupBy() throws SQLException {
		try {
			return this.delegate.supportsGroupBy();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsGroupByUnrelated() throws SQLException {
		try {
			return this.delegate.supportsGroupByUnrelated();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsGroupByBeyondSelect() throws SQLException {
		try {
			return this.delegate.supportsGroupByBeyondSelect();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsLikeEscapeClause() throws SQLException {
		try {
			return this.delegate.supportsLikeEscapeClause();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMultipleResultSets() throws SQLException {
		try {
			return this.delegate.supportsMultipleResultSets();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMultipleTransactions() throws SQLException {
		try {
			return this.delegate.supportsMultipleTransactions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsNonNullableColumns() throws SQLException {
		try {
			return this.delegate.supportsNonNullableColumns();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMinimumSQLGrammar() throws SQLException {
		try {
			return this.delegate.supportsMinimumSQLGrammar();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCoreSQLGrammar() throws SQLException {
		try {
			return this.delegate.supportsCoreSQLGrammar();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsExtendedSQLGrammar() throws SQLException {
		try {
			return this.delegate.supportsExtendedSQLGrammar();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsANSI92EntryLevelSQL() throws SQLException {
		try {
			return this.delegate.supportsANSI92EntryLevelSQL();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsANSI92IntermediateSQL() throws SQLException {
		try {
			return this.delegate.supportsANSI92IntermediateSQL();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsANSI92FullSQL() throws SQLException {
		try {
			return this.delegate.supportsANSI92FullSQL();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsIntegrityEnhancementFacility() throws SQLException {
		try {
			return this.delegate.supportsIntegrityEnhancementFacility();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOuterJoins() throws SQLException {
		try {
			return this.delegate.supportsOuterJoins();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsFullOuterJoins() throws SQLException {
		try {
			return this.delegate.supportsFullOuterJoins();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsLimitedOuterJoins() throws SQLException {
		try {
			return this.delegate.supportsLimitedOuterJoins();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getSchemaTerm() throws SQLException {
		try {
			return this.delegate.getSchemaTerm();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getProcedureTerm() throws SQLException {
		try {
			return this.delegate.getProcedureTerm();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getCatalogTerm() throws SQLException {
		try {
			return this.delegate.getCatalogTerm();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isCatalogAtStart() throws SQLException {
		try {
			return this.delegate.isCatalogAtStart();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getCatalogSeparator() throws SQLException {
		try {
			return this.delegate.getCatalogSeparator();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSchemasInDataManipulation() throws SQLException {
		try {
			return this.delegate.supportsSchemasInDataManipulation();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSchemasInProcedureCalls() throws SQLException {
		try {
			return this.delegate.supportsSchemasInProcedureCalls();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSchemasInTableDefinitions() throws SQLException {
		try {
			return this.delegate.supportsSchemasInTableDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSchemasInIndexDefinitions() throws SQLException {
		try {
			return this.delegate.supportsSchemasInIndexDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
		try {
			return this.delegate.supportsSchemasInPrivilegeDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCatalogsInDataManipulation() throws SQLException {
		try {
			return this.delegate.supportsCatalogsInDataManipulation();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCatalogsInProcedureCalls() throws SQLException {
		try {
			return this.delegate.supportsCatalogsInProcedureCalls();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCatalogsInTableDefinitions() throws SQLException {
		try {
			return this.delegate.supportsCatalogsInTableDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
		try {
			return this.delegate.supportsCatalogsInIndexDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
		try {
			return this.delegate.supportsCatalogsInPrivilegeDefinitions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsPositionedDelete() throws SQLException {
		try {
			return this.delegate.supportsPositionedDelete();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsPositionedUpdate() throws SQLException {
		try {
			return this.delegate.supportsPositionedUpdate();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSelectForUpdate() throws SQLException {
		try {
			return this.delegate.supportsSelectForUpdate();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsStoredProcedures() throws SQLException {
		try {
			return this.delegate.supportsStoredProcedures();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSubqueriesInComparisons() throws SQLException {
		try {
			return this.delegate.supportsSubqueriesInComparisons();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSubqueriesInExists() throws SQLException {
		try {
			return this.delegate.supportsSubqueriesInExists();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSubqueriesInIns() throws SQLException {
		try {
			return this.delegate.supportsSubqueriesInIns();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSubqueriesInQuantifieds() throws SQLException {
		try {
			return this.delegate.supportsSubqueriesInQuantifieds();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsCorrelatedSubqueries() throws SQLException {
		try {
			return this.delegate.supportsCorrelatedSubqueries();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsUnion() throws SQLException {
		try {
			return this.delegate.supportsUnion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsUnionAll() throws SQLException {
		try {
			return this.delegate.supportsUnionAll();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
		try {
			return this.delegate.supportsOpenCursorsAcrossCommit();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
		try {
			return this.delegate.supportsOpenCursorsAcrossRollback();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
		try {
			return this.delegate.supportsOpenStatementsAcrossCommit();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
		try {
			return this.delegate.supportsOpenStatementsAcrossRollback();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxBinaryLiteralLength() throws SQLException {
		try {
			return this.delegate.getMaxBinaryLiteralLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxCharLiteralLength() throws SQLException {
		try {
			return this.delegate.getMaxCharLiteralLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnNameLength() throws SQLException {
		try {
			return this.delegate.getMaxColumnNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnsInGroupBy() throws SQLException {
		try {
			return this.delegate.getMaxColumnsInGroupBy();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnsInIndex() throws SQLException {
		try {
			return this.delegate.getMaxColumnsInIndex();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnsInOrderBy() throws SQLException {
		try {
			return this.delegate.getMaxColumnsInOrderBy();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnsInSelect() throws SQLException {
		try {
			return this.delegate.getMaxColumnsInSelect();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxColumnsInTable() throws SQLException {
		try {
			return this.delegate.getMaxColumnsInTable();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxConnections() throws SQLException {
		try {
			return this.delegate.getMaxConnections();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxCursorNameLength() throws SQLException {
		try {
			return this.delegate.getMaxCursorNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxIndexLength() throws SQLException {
		try {
			return this.delegate.getMaxIndexLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxSchemaNameLength() throws SQLException {
		try {
			return this.delegate.getMaxSchemaNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxProcedureNameLength() throws SQLException {
		try {
			return this.delegate.getMaxProcedureNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxCatalogNameLength() throws SQLException {
		try {
			return this.delegate.getMaxCatalogNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxRowSize() throws SQLException {
		try {
			return this.delegate.getMaxRowSize();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
		try {
			return this.delegate.doesMaxRowSizeIncludeBlobs();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxStatementLength() throws SQLException {
		try {
			return this.delegate.getMaxStatementLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxStatements() throws SQLException {
		try {
			return this.delegate.getMaxStatements();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxTableNameLength() throws SQLException {
		try {
			return this.delegate.getMaxTableNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxTablesInSelect() throws SQLException {
		try {
			return this.delegate.getMaxTablesInSelect();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxUserNameLength() throws SQLException {
		try {
			return this.delegate.getMaxUserNameLength();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getDefaultTransactionIsolation() throws SQLException {
		try {
			return this.delegate.getDefaultTransactionIsolation();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsTransactions() throws SQLException {
		try {
			return this.delegate.supportsTransactions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
		try {
			return this.delegate.supportsTransactionIsolationLevel(level);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
		try {
			return this.delegate.supportsDataDefinitionAndDataManipulationTransactions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
		try {
			return this.delegate.supportsDataManipulationTransactionsOnly();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
		try {
			return this.delegate.dataDefinitionCausesTransactionCommit();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
		try {
			return this.delegate.dataDefinitionIgnoredInTransactions();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getProcedures(catalog, schemaPattern, procedureNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getTables(catalog, schemaPattern, tableNamePattern, types));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getSchemas() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getSchemas());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getCatalogs() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getCatalogs());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getTableTypes() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getTableTypes());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getColumnPrivileges(catalog, schema, table, columnNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getTablePrivileges(catalog, schemaPattern, tableNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getBestRowIdentifier(catalog, schema, table, scope, nullable));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getVersionColumns(catalog, schema, table));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getPrimaryKeys(catalog, schema, table));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getImportedKeys(catalog, schema, table));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getExportedKeys(catalog, schema, table));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getCrossReference(parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getTypeInfo() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getTypeInfo());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getIndexInfo(catalog, schema, table, unique, approximate));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsResultSetType(int type) throws SQLException {
		try {
			return this.delegate.supportsResultSetType(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
		try {
			return this.delegate.supportsResultSetConcurrency(type, concurrency);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean ownUpdatesAreVisible(int type) throws SQLException {
		try {
			return this.delegate.ownUpdatesAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean ownDeletesAreVisible(int type) throws SQLException {
		try {
			return this.delegate.ownDeletesAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean ownInsertsAreVisible(int type) throws SQLException {
		try {
			return this.delegate.ownInsertsAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean othersUpdatesAreVisible(int type) throws SQLException {
		try {
			return this.delegate.othersUpdatesAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean othersDeletesAreVisible(int type) throws SQLException {
		try {
			return this.delegate.othersDeletesAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean othersInsertsAreVisible(int type) throws SQLException {
		try {
			return this.delegate.othersInsertsAreVisible(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean updatesAreDetected(int type) throws SQLException {
		try {
			return this.delegate.updatesAreDetected(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean deletesAreDetected(int type) throws SQLException {
		try {
			return this.delegate.deletesAreDetected(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean insertsAreDetected(int type) throws SQLException {
		try {
			return this.delegate.insertsAreDetected(type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsBatchUpdates() throws SQLException {
		try {
			return this.delegate.supportsBatchUpdates();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getUDTs(catalog, schemaPattern, typeNamePattern, types));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	public boolean supportsSavepoints() throws SQLException {
		try {
			return this.delegate.supportsSavepoints();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsNamedParameters() throws SQLException {
		try {
			return this.delegate.supportsNamedParameters();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsMultipleOpenResults() throws SQLException {
		try {
			return this.delegate.supportsMultipleOpenResults();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsGetGeneratedKeys() throws SQLException {
		try {
			return this.delegate.supportsGetGeneratedKeys();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getSuperTypes(catalog, schemaPattern, typeNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getSuperTables(catalog, schemaPattern, tableNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsResultSetHoldability(int holdability) throws SQLException {
		try {
			return this.delegate.supportsResultSetHoldability(holdability);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		try {
			return this.delegate.getResultSetHoldability();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getDatabaseMajorVersion() throws SQLException {
		try {
			return this.delegate.getDatabaseMajorVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getDatabaseMinorVersion() throws SQLException {
		try {
			return this.delegate.getDatabaseMinorVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getJDBCMajorVersion() throws SQLException {
		try {
			return this.delegate.getJDBCMajorVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getJDBCMinorVersion() throws SQLException {
		try {
			return this.delegate.getJDBCMinorVersion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getSQLStateType() throws SQLException {
		try {
			return this.delegate.getSQLStateType();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean locatorsUpdateCopy() throws SQLException {
		try {
			return this.delegate.locatorsUpdateCopy();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsStatementPooling() throws SQLException {
		try {
			return this.delegate.supportsStatementPooling();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public RowIdLifetime getRowIdLifetime() throws SQLException {
		try {
			return this.delegate.getRowIdLifetime();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getSchemas(catalog, schemaPattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
		try {
			return this.delegate.supportsStoredFunctionsUsingCallSyntax();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
		try {
			return this.delegate.autoCommitFailureClosesAllResultSets();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getClientInfoProperties() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getClientInfoProperties());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getFunctions(catalog, schemaPattern, functionNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern) throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, null, this.delegate.getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean generatedKeyAlwaysReturned() throws SQLException {
		try {
			return this.delegate.generatedKeyAlwaysReturned();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long getMaxLogicalLobSize() throws SQLException {
		try {
			return this.delegate.getMaxLogicalLobSize();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsRefCursors() throws SQLException {
		try {
			return this.delegate.supportsRefCursors();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean supportsSharding() throws SQLException {
		try {
			return this.delegate.supportsSharding();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

}
