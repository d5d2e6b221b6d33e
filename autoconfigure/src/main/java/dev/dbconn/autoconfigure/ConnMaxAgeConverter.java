package dev.dbconn.autoconfigure;

import java.util.Set;

import dev.dbconn.lifecycle.ConnMaxAge;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds {@code db.conn-max-age} from text ({@code 600}, {@code 10m}, {@code PT10M},
 * {@code unlimited}) and from the numbers YAML produces for plain seconds.
 */
final class ConnMaxAgeConverter implements GenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, ConnMaxAge.class),
				new ConvertiblePair(Number.class, ConnMaxAge.class));
	}

	@Override
	public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		return (source != null) ? ConnMaxAge.parse(source.toString()) : null;
	}

}
