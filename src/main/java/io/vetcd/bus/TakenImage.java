package io.vetcd.bus;

import io.vetcd.mvcc.StoreImage;

/**
 * The apply worker's answer to {@link Addresses#STORAGE_IMAGE}: an image of the store at its
 * applied index, which the receiver writes out and closes.
 */
public record TakenImage(StoreImage image) {}
