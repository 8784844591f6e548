package dev.mil4j.converter.internal;

import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.MembersInjector;
import com.google.inject.Module;
import com.google.inject.PrivateBinder;
import com.google.inject.Provider;
import com.google.inject.Scope;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.binder.AnnotatedBindingBuilder;
import com.google.inject.binder.AnnotatedConstantBindingBuilder;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.matcher.Matcher;
import com.google.inject.spi.Dependency;
import com.google.inject.spi.Message;
import com.google.inject.spi.ModuleAnnotatedMethodScanner;
import com.google.inject.spi.ProvisionListener;
import com.google.inject.spi.TypeConverter;
import com.google.inject.spi.TypeListener;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.aopalliance.intercept.MethodInterceptor;

/**
 * The {@link Binder} a plugin's module is first run with: it records what the module contributes through
 * {@code Contributions}, in order, without Guice building an injector (which costs a cold process a quarter of a
 * second for the core plugin alone). A module that uses Guice itself (binds, installs, asks for providers, or declares
 * provider methods) cannot be recorded: every {@code Binder} method throws {@link NeedsInjector}, and the converter
 * then runs the module in a Guice injector as before. Internal to the converter: plugins never see this type.
 */
public final class ContributionRecorder implements Binder {
    private final Set<Object> contributions = new LinkedHashSet<>();

    private ContributionRecorder() {
    }

    /**
     * The contributions of {@code module}, in the order it made them (equal ones once, as Guice's multibinder keeps
     * them), or an empty result when the module needs a Guice injector.
     */
    public static java.util.Optional<List<Object>> record(Module module) {
        if (declaresGuiceMethods(module.getClass())) {
            return java.util.Optional.empty();
        }
        ContributionRecorder recorder = new ContributionRecorder();
        try {
            module.configure(recorder);
        } catch (NeedsInjector e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(List.copyOf(recorder.contributions));
    }

    /** Records one contribution (called by {@code Contributions}). */
    public void add(Object contribution) {
        contributions.add(contribution);
    }

    /** Provider methods ({@code @Provides}, {@code @ProvidesIntoSet}, ...) are found only by Guice. */
    private static boolean declaresGuiceMethods(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.getName().startsWith("com.google.inject.")) {
                break; // AbstractModule and friends: their own methods are not the plugin's
            }
            for (Method m : c.getDeclaredMethods()) {
                for (Annotation a : m.getDeclaredAnnotations()) {
                    if (a.annotationType().getName().startsWith("com.google.inject.")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Thrown by every {@link Binder} method: the module uses Guice beyond {@code Contributions}. */
    public static final class NeedsInjector extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NeedsInjector() {
            super("the module uses Guice", null, false, false);
        }
    }

    private static <T> T guice() {
        throw new NeedsInjector();
    }

    @Override
    public void bindInterceptor(Matcher<? super Class<?>> classMatcher, Matcher<? super Method> methodMatcher,
            MethodInterceptor... interceptors) {
        guice();
    }

    @Override
    public void bindScope(Class<? extends Annotation> annotationType, Scope scope) {
        guice();
    }

    @Override
    public <T> LinkedBindingBuilder<T> bind(Key<T> key) {
        return guice();
    }

    @Override
    public <T> AnnotatedBindingBuilder<T> bind(TypeLiteral<T> typeLiteral) {
        return guice();
    }

    @Override
    public <T> AnnotatedBindingBuilder<T> bind(Class<T> type) {
        return guice();
    }

    @Override
    public AnnotatedConstantBindingBuilder bindConstant() {
        return guice();
    }

    @Override
    public <T> void requestInjection(TypeLiteral<T> type, T instance) {
        guice();
    }

    @Override
    public void requestInjection(Object instance) {
        guice();
    }

    @Override
    public void requestStaticInjection(Class<?>... types) {
        guice();
    }

    @Override
    public void install(Module module) {
        guice();
    }

    @Override
    public Stage currentStage() {
        return guice();
    }

    @Override
    public void addError(String message, Object... arguments) {
        guice();
    }

    @Override
    public void addError(Throwable t) {
        guice();
    }

    @Override
    public void addError(Message message) {
        guice();
    }

    @Override
    public <T> Provider<T> getProvider(Key<T> key) {
        return guice();
    }

    @Override
    public <T> Provider<T> getProvider(Dependency<T> dependency) {
        return guice();
    }

    @Override
    public <T> Provider<T> getProvider(Class<T> type) {
        return guice();
    }

    @Override
    public <T> MembersInjector<T> getMembersInjector(TypeLiteral<T> typeLiteral) {
        return guice();
    }

    @Override
    public <T> MembersInjector<T> getMembersInjector(Class<T> type) {
        return guice();
    }

    @Override
    public void convertToTypes(Matcher<? super TypeLiteral<?>> typeMatcher, TypeConverter converter) {
        guice();
    }

    @Override
    public void bindListener(Matcher<? super TypeLiteral<?>> typeMatcher, TypeListener listener) {
        guice();
    }

    @Override
    public void bindListener(Matcher<? super com.google.inject.Binding<?>> bindingMatcher,
            ProvisionListener... listeners) {
        guice();
    }

    @Override
    public Binder withSource(Object source) {
        return guice();
    }

    @Override
    public Binder skipSources(Class<?>... classesToSkip) {
        return guice();
    }

    @Override
    public PrivateBinder newPrivateBinder() {
        return guice();
    }

    @Override
    public void requireExplicitBindings() {
        guice();
    }

    @Override
    public void disableCircularProxies() {
        guice();
    }

    @Override
    public void requireAtInjectOnConstructors() {
        guice();
    }

    @Override
    public void requireExactBindingAnnotations() {
        guice();
    }

    @Override
    public void scanModulesForAnnotatedMethods(ModuleAnnotatedMethodScanner scanner) {
        guice();
    }
}
