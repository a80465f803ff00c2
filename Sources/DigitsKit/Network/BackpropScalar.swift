#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A floating-point type the reference backpropagation can run in: Float for training-size
/// checks, Double for the finite-difference gradient check.
public protocol BackpropScalar: BinaryFloatingPoint {
    static func exponential(_ x: Self) -> Self
    static func logarithm(_ x: Self) -> Self
}

extension Float: BackpropScalar {
    @inlinable public static func exponential(_ x: Float) -> Float { expf(x) }
    @inlinable public static func logarithm(_ x: Float) -> Float { logf(x) }
}

// The C library's exp and log for Double, named at file scope: inside `extension Double` a plain
// `exp` finds swift-numerics' static `Double.exp` instead when that package is in the build (it
// is, through AsyncHTTPClient), which an @inlinable body may not use.
@usableFromInline func cExp(_ x: Double) -> Double { exp(x) }
@usableFromInline func cLog(_ x: Double) -> Double { log(x) }

extension Double: BackpropScalar {
    @inlinable public static func exponential(_ x: Double) -> Double { cExp(x) }
    @inlinable public static func logarithm(_ x: Double) -> Double { cLog(x) }
}
