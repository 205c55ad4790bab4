/**
 * MaxPool2d, AvgPool2d and AdaptiveAvgPool2d rows: no parameters, the
 * channels unchanged. The window geometry is poolGeometry's, which the ops
 * use too (AvgPool2d has no dilation; countIncludePad changes values, not
 * sizes).
 */
import { AutogradErrorCode } from "../errors";
import { poolGeometry, toPair } from "../geometry";
import type { AdaptiveAvgPool2dLayer, AvgPool2dLayer, MaxPool2dLayer } from "../layers";
import { fail, planes, plainRow, type Dim, type LayerSummary } from "./common";

export function poolRow(shape: Dim[], layer: MaxPool2dLayer | AvgPool2dLayer, where: string): LayerSummary<Dim> {
  const [channels, height, width] = planes(shape, where);
  const g = poolGeometry(channels, height, width, layer, where);
  return plainRow([shape[0], channels, g.outHeight, g.outWidth]);
}

export function adaptivePoolRow(shape: Dim[], layer: AdaptiveAvgPool2dLayer, where: string): LayerSummary<Dim> {
  const [channels, height, width] = planes(shape, where);
  const [outHeight, outWidth] = toPair(layer.outputSize, "output_size", where);
  if (outHeight <= 0 || outWidth <= 0) {
    throw fail(AutogradErrorCode.InvalidArgument, where, `output_size must be positive, but got (${outHeight}, ${outWidth})`);
  }
  if (height === 0 || width === 0) {
    throw fail(
      AutogradErrorCode.OutputTooSmall,
      where,
      `expected input to have non-zero size for non-batch dimensions, but got ${channels}x${height}x${width}`,
    );
  }
  return plainRow([shape[0], channels, outHeight, outWidth]);
}
