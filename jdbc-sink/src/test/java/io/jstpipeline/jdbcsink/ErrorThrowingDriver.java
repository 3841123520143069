package io.jstpipeline.jdbcsink;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/** A JDBC driver whose connections fail with an Error, as a driver's bug or an OutOfMemoryError does. */
final class ErrorThrowingDriver implements Driver {

    static final String MESSAGE = "the driver ran out of memory";
    private static final String PREFIX = "jdbc:jst-error:";

    static {
        try {
            DriverManager.registerDriver(new ErrorThrowingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A URL this driver answers, once it is registered. */
    static String url() {
        return PREFIX + "//nowhere/jst";
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        throw new OutOfMemoryError(MESSAGE);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }
}
